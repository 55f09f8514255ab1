// marsad report: the only script. Filters table rows as you type in a box with data-filter="<table id>".
// Hand-written, no library; the pages work without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input.filter[data-filter]").forEach(function (box) {
    var table = document.getElementById(box.getAttribute("data-filter"));
    if (!table || !table.tBodies.length) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      rows.forEach(function (row) {
        row.classList.toggle("hidden", q !== "" && row.textContent.toLowerCase().indexOf(q) < 0);
      });
    });
  });
});
