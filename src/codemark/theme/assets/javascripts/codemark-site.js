/* Small behaviours that add to pages which work without them. Loaded from a file, so the
   Content-Security-Policy needs no 'unsafe-inline'; text from the data is only ever set as
   text (textContent), never as HTML. */
(function () {
  "use strict";

  // Print buttons: a page that can be printed offers a button for it.
  document.querySelectorAll("[data-cm-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Finding a body in the register by name, as the reader types.
  var finder = document.querySelector("[data-cm-find]");
  if (!finder) return;
  var input = finder.querySelector("input");
  var status = finder.querySelector("[role=status]");
  var results = finder.querySelector("ul");
  // Links in the names file are from the site's root; the register page links from its own.
  var root = new URL(finder.getAttribute("data-cm-register") + "../", window.location.href);
  var names = null;
  var loading = null;
  var LIMIT = 20;

  function load() {
    if (!loading) {
      loading = fetch(finder.getAttribute("data-cm-find"))
        .then(function (response) { return response.json(); })
        .then(function (rows) { names = rows; })
        .catch(function () { status.textContent = "The list of names could not be loaded. Use the letters below instead."; });
    }
    return loading;
  }

  function plain(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function show() {
    var query = plain(input.value.trim());
    results.textContent = "";
    if (!query) { status.textContent = ""; return; }
    if (!names) { status.textContent = "Loading the names…"; load().then(show); return; }
    var found = names.filter(function (row) { return plain(row[0]).indexOf(query) !== -1; });
    found.slice(0, LIMIT).forEach(function (row) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = new URL(row[1], root).href;
      link.textContent = row[0];
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + row[2] + ")"));
      results.appendChild(item);
    });
    var count = found.length === 1 ? "1 body matches" : found.length + " bodies match";
    status.textContent = found.length > LIMIT ? count + "; the first " + LIMIT + " are listed. Type more of the name to narrow it." : count + ".";
  }

  finder.hidden = false;
  input.addEventListener("focus", load);
  input.addEventListener("input", show);
})();
