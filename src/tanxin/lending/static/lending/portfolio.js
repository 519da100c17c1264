// The price-shock slider: show the value while dragging, reload the portfolio when released (CSP: no inline script).
document.addEventListener("DOMContentLoaded", function () {
  var slider = document.getElementById("shock");
  var out = document.getElementById("shock-value");
  if (!slider) return;
  slider.addEventListener("input", function () { out.textContent = slider.value + " %"; });
  slider.addEventListener("change", function () { document.getElementById("shock-form").submit(); });
});
