// Support-fund dashboard: charts from the page's JSON (json_script), no inline script (CSP).
(function () {
  "use strict";
  function init() {
    var node = document.getElementById("support-chart-data");
    if (!node || !window.echarts) { return; }
    var data = JSON.parse(node.textContent);
    var L = data.labels;
    var green = ["#1f7a4d", "#4f9d69", "#8cc084", "#c5dca0", "#2a6f97", "#61a5c2", "#a9d6e5", "#9a6700", "#b3261e", "#5f6b66"];
    function pie(items) {
      return { color: green, tooltip: { trigger: "item" }, legend: { bottom: 0, type: "scroll" },
        series: [{ type: "pie", radius: ["35%", "65%"], data: items }] };
    }
    function histogram(values) {
      var edges = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
      var counts = edges.slice(0, -1).map(function (lo, i) {
        return values.filter(function (v) { return v >= lo && (v < edges[i + 1] || (i === 9 && v <= 100)); }).length;
      });
      return { color: green, tooltip: {}, grid: { containLabel: true, left: 10, right: 40 }, xAxis: { type: "category", name: L.points,
        data: edges.slice(0, -1).map(function (lo, i) { return lo + "–" + edges[i + 1]; }) },
        yAxis: { type: "value", name: L.scores, minInterval: 1 }, series: [{ type: "bar", data: counts }] };
    }
    function years(rows) {
      return { color: green, tooltip: { trigger: "axis" }, legend: { bottom: 0 },
        grid: { containLabel: true, left: 10, right: 10, bottom: 40 },
        xAxis: { type: "category", data: rows.map(function (r) { return r.label; }) },
        yAxis: [{ type: "value" }, { type: "value", name: L.awardees, minInterval: 1, nameTextStyle: { align: "right" } }],
        series: [
          { name: L.budget, type: "bar", data: rows.map(function (r) { return r.budget; }) },
          { name: L.committed, type: "bar", data: rows.map(function (r) { return r.committed; }) },
          { name: L.paid, type: "bar", data: rows.map(function (r) { return r.paid; }) },
          { name: L.awardees, type: "line", yAxisIndex: 1, connectNulls: false,
            data: rows.map(function (r) { return r.awardees === null ? "-" : r.awardees; }) }
        ] };
    }
    var options = {
      status: pie(data.status), type: pie(data.type), industry: pie(data.industry), category: pie(data.category),
      scores: histogram(data.scores), years: years(data.years)
    };
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(options[el.getAttribute("data-chart")]);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
