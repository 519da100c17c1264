// Cockpit charts from the page's JSON (json_script); no inline script (CSP).
(function () {
  "use strict";
  var green = ["#1f7a4d", "#9a6700", "#b3261e", "#2a6f97", "#8cc084", "#5f6b66"];
  function init() {
    var node = document.getElementById("cockpit-data");
    if (!node || !window.echarts) { return; }
    var data = JSON.parse(node.textContent);
    var L = data.labels;
    var pie = function (items) {
      return { color: green, tooltip: { trigger: "item" }, legend: { bottom: 0 },
        series: [{ type: "pie", radius: ["35%", "65%"], label: { fontSize: 14 }, data: items || [] }] };
    };
    var options = {
      trend: { color: green, tooltip: { trigger: "axis" }, legend: { bottom: 0 },
        grid: { containLabel: true, left: 10, right: 10, bottom: 40 },
        xAxis: { type: "category", data: data.trend.map(function (p) { return String(p.year); }) },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value" }],
        series: [
          { name: L.published, type: "bar", data: data.trend.map(function (p) { return p.published; }) },
          { name: L.emissions, type: "line", yAxisIndex: 1, connectNulls: false,
            data: data.trend.map(function (p) { return p.emissions; }) }
        ] },
      compliance: pie(data.compliance),
      zones: pie(data.zones),
      funnel: { color: green, tooltip: { trigger: "item" },
        series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", label: { fontSize: 14 },
          data: data.funnel || [] }] }
    };
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(options[el.getAttribute("data-chart")]);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
