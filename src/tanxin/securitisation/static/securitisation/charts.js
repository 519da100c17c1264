// Tranche balances (base case), loss distribution and the CDR × price-shock heat map (stress). CSP: no inline script.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("abs-chart");
  if (!el || !window.echarts) return;
  var d = JSON.parse(document.getElementById(el.dataset.chart).textContent);
  var chart = window.echarts.init(el);
  if (d.kind === "base") {
    var series = d.series.map(function (s) {
      return { name: s.name, type: "line", stack: "securities", areaStyle: {}, showSymbol: false, data: s.data };
    });
    series.push({ name: d.pool.name, type: "line", showSymbol: false, lineStyle: { type: "dashed" }, data: d.pool.data });
    chart.setOption({
      animation: false, tooltip: { trigger: "axis" }, legend: {},
      grid: { left: 90, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: d.dates }, yAxis: { type: "value", name: d.yuan }, series: series
    });
  } else {
    chart.setOption({
      animation: false, tooltip: { trigger: "axis" }, legend: {},
      grid: { left: 70, right: 20, top: 40, bottom: 60 },
      xAxis: { type: "category", data: d.bins }, yAxis: { type: "log", name: d.paths, min: 1 },
      series: d.series.map(function (s) { return { name: s.name, type: "bar", data: s.data.map(function (v) { return v || null; }) }; })
    });
    var hel = document.getElementById("abs-heat");
    if (hel) {
      var heat = window.echarts.init(hel);
      var max = Math.max.apply(null, d.heat.cells.map(function (c) { return c[2]; }).concat([1]));
      heat.setOption({
        animation: false, tooltip: {},
        grid: { left: 80, right: 20, top: 20, bottom: 90 },
        xAxis: { type: "category", data: d.heat.x, name: d.heat.x_name },
        yAxis: { type: "category", data: d.heat.y, name: d.heat.y_name },
        visualMap: { min: 0, max: max, calculable: true, orient: "horizontal", left: "center", bottom: 0, text: [d.heat.label, ""] },
        series: [{ type: "heatmap", data: d.heat.cells, label: { show: true } }]
      });
    }
  }
});
