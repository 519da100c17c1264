// Draws the daily close and volume from the JSON block the page embeds (CSP: no inline script).
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("price-chart");
  if (!el || !window.echarts) return;
  var data = JSON.parse(document.getElementById(el.dataset.chart).textContent);
  var chart = window.echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: [data.label] },
    grid: [{ left: 80, right: 20, top: 30, height: "55%" }, { left: 80, right: 20, top: "75%", height: "15%" }],
    xAxis: [{ type: "category", data: data.days }, { type: "category", data: data.days, gridIndex: 1, show: false }],
    yAxis: [{ type: "value", scale: true, name: "CNY/t" }, { type: "value", gridIndex: 1, splitNumber: 2 }],
    dataZoom: [{ type: "inside", xAxisIndex: [0, 1] }, { type: "slider", xAxisIndex: [0, 1], bottom: 0 }],
    series: [
      { name: data.label, type: "line", data: data.close, showSymbol: false },
      { name: "volume", type: "bar", data: data.volume, xAxisIndex: 1, yAxisIndex: 1 }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
