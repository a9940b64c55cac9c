// tally: every table's cells labelled with their column's heading (data-label), which the
// stacked rows of narrow screens show before each cell (app.css). Loaded by every page; no
// inline script (the Content-Security-Policy allows scripts from the server only).
(function () {
  "use strict";
  function label(table) {
    var heads = table.querySelectorAll("thead th");
    if (!heads.length) return;
    var names = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, i) {
        if (names[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[i]);
      });
    });
  }
  function all() { Array.prototype.forEach.call(document.querySelectorAll("table"), label); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
})();
