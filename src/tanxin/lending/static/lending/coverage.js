// Coverage of one loan day by day with its warning, liquidation and release lines (CSP: no inline script).
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("coverage-chart");
  if (!el || !window.echarts) return;
  var d = JSON.parse(document.getElementById(el.dataset.chart).textContent);
  var line = function (name, value, color) {
    return { name: name, type: "line", data: d.days.map(function () { return value; }), showSymbol: false,
             lineStyle: { type: "dashed", color: color }, itemStyle: { color: color } };
  };
  var chart = window.echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: [d.labels.coverage, d.labels.release, d.labels.warning, d.labels.liquidation] },
    grid: { left: 60, right: 20, top: 40, bottom: 60 },
    xAxis: { type: "category", data: d.days },
    yAxis: { type: "value", name: "%", scale: true },
    dataZoom: [{ type: "inside" }, { type: "slider" }],
    series: [
      { name: d.labels.coverage, type: "line", data: d.coverage, showSymbol: false },
      line(d.labels.release, d.release, "#2e7d32"),
      line(d.labels.warning, d.warning, "#f9a825"),
      line(d.labels.liquidation, d.liquidation, "#c62828")
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
