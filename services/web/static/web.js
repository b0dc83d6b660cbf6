// vp-web: a page with #live reloads its lists when the server says the
// commune changed (server-sent events carry only "refresh", never text).
(function () {
  "use strict";
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
        if (fresh) live.replaceChildren.apply(live, Array.prototype.slice.call(fresh.childNodes));
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  var source = new EventSource(live.getAttribute("data-live"));
  source.onmessage = function (e) { if (e.data === "refresh") reload(); };
})();
