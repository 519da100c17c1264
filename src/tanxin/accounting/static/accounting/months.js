// Twelve-month grid: a column pasted from a spreadsheet fills this month and the following ones; Enter and the
// arrow keys move between months as in a spreadsheet (no inline script: CSP).
(function () {
  "use strict";
  function inputs() { return Array.prototype.slice.call(document.querySelectorAll("[data-testid=month-grid] input[data-month]")); }
  document.addEventListener("paste", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches("input[data-month]")) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    var values = text.replace(/\r/g, "").split(/\n|\t/).map(function (v) { return v.trim(); });
    while (values.length && values[values.length - 1] === "") { values.pop(); }
    if (values.length < 2) { return; }
    event.preventDefault();
    var all = inputs(), start = all.indexOf(target);
    values.forEach(function (v, i) { if (all[start + i]) { all[start + i].value = v.replace(/,/g, ""); } });
  });
  // Another year shows that year's months (which are already entered, which are free).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-testid=month-grid] input[name=year]") && /^\d{4}$/.test(target.value)) {
      window.location.search = "?year=" + target.value;
    }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches("input[data-month]")) { return; }
    var step = { Enter: 1, ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (!step) { return; }
    var all = inputs(), next = all[all.indexOf(target) + step];
    if (next) { event.preventDefault(); next.focus(); next.select(); }
  });
})();
