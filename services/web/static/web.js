// vp-web: a page with #live reloads its lists when the server says the
// commune changed (server-sent events carry only "refresh", never text).
// On a phone a table of documents or staff is read row by row, as blocks
// (web.css): each cell then names its column, from the table's headings.
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll("table.docs, table.staff").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        var col = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          if (cell.tagName === "TD" && heads[col] && !cell.hasAttribute("data-label"))
            cell.setAttribute("data-label", heads[col]);
          col += cell.colSpan || 1;
        });
      });
    });
  }
  label(document);
  var live = document.getElementById("live");
  if (!live || !window.EventSource) return;
  var busy = false;
  function reload() {
    if (busy) return;
    busy = true;
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("live");
        if (fresh) {
          live.replaceChildren.apply(live, Array.prototype.slice.call(fresh.childNodes));
          label(live);
        }
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  var source = new EventSource(live.getAttribute("data-live"));
  source.onmessage = function (e) { if (e.data === "refresh") reload(); };
})();
