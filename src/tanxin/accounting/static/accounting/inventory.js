// Inventory charts: emissions by scope for the three views, and the China-view trend.
// Data comes from the json_script block; no inline script (CSP script-src 'self').
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("inventory-chart-data");
    if (!holder || typeof echarts === "undefined") { return; }
    var data = JSON.parse(holder.textContent);
    var scopes = document.getElementById("inventory-scopes");
    if (scopes) {
      var series = ["1", "2", "3"].map(function (s) {
        return { name: data.labels.scope.replace("%(n)s", s), type: "bar", stack: "total", data: data.scopes[s] };
      });
      echarts.init(scopes).setOption({
        tooltip: { trigger: "axis" }, legend: {}, grid: { containLabel: true },
        // Every view named under its bar, wrapped rather than dropped when the names are long.
        xAxis: { type: "category", data: data.views, axisLabel: { interval: 0, width: 110, overflow: "break" } },
        yAxis: { type: "value", name: data.labels.unit },
        series: series
      });
    }
    var trend = document.getElementById("inventory-trend");
    if (trend) {
      echarts.init(trend).setOption({
        tooltip: { trigger: "axis" }, grid: { containLabel: true },
        xAxis: { type: "category", data: data.trend.years }, yAxis: { type: "value", name: data.labels.unit },
        series: [{ name: data.labels.trend, type: "line", data: data.trend.t }]
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
