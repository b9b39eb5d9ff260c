(function () {
  "use strict";
  var table = document.getElementById("records");
  var tbody = table.tBodies[0];
  var headers = table.querySelectorAll("th.sortable");
  function key(row, column, numeric) {
    var cell = row.cells[column];
    var value = cell ? (cell.getAttribute("data-v") !== null ? cell.getAttribute("data-v") : cell.textContent) : "";
    if (numeric) {
      var number = parseFloat(value);
      return isNaN(number) ? -Infinity : number;
    }
    return value.toLowerCase();
  }
  function sortBy(th) {
    var column = th.cellIndex;
    var numeric = th.classList.contains("num");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    for (var i = 0; i < headers.length; i++) { headers[i].removeAttribute("aria-sort"); }
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = key(a, column, numeric), y = key(b, column, numeric);
      var order = x < y ? -1 : (x > y ? 1 : 0);
      return ascending ? order : -order;
    });
    for (var j = 0; j < rows.length; j++) { tbody.appendChild(rows[j]); }
  }
  for (var i = 0; i < headers.length; i++) {
    headers[i].addEventListener("click", function (event) { sortBy(event.currentTarget); });
  }
  window.reviewSort = function (name) { sortBy(table.querySelector("th[data-col='" + name + "']")); };

  var query = document.getElementById("q");
  var selects = document.querySelectorAll("select[data-filter]");
  function filter() {
    var words = query.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    for (var r = 0; r < tbody.rows.length; r++) {
      var row = tbody.rows[r];
      var text = row.textContent.toLowerCase();
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
      for (var s = 0; s < selects.length && ok; s++) {
        var wanted = selects[s].value;
        if (wanted && row.getAttribute("data-" + selects[s].getAttribute("data-filter")) !== wanted) { ok = false; }
      }
      row.hidden = !ok;
      if (ok) { shown++; }
    }
    document.getElementById("shown").textContent = String(shown);
  }
  query.addEventListener("input", filter);
  for (var k = 0; k < selects.length; k++) { selects[k].addEventListener("change", filter); }
  window.reviewFilter = function (text) { query.value = text; filter(); };
  filter();
})();
