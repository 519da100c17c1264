// Emission trend chart: reads the series from the json_script tag (CSP forbids inline scripts).
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("trend-chart");
    var source = document.getElementById("trend-data");
    if (!holder || !source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 70, right: 20, top: 30, bottom: 30 },
      xAxis: { type: "category", data: data.years },
      yAxis: { type: "value", name: "tCO2e" },
      series: [{ name: data.label, type: "bar", data: data.tonnes, itemStyle: { color: "#1f7a4d" },
                 label: { show: true, position: "top" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
