// Live updates: the server says when the store changed (server-sent events); the page then swaps in the
// freshly rendered, server-escaped dashboard. Without JavaScript the page is the same, only not live.
(function () {
  "use strict";
  var main = document.getElementById("dashboard");
  var live = document.getElementById("live");
  if (!main || !window.EventSource || !window.fetch) { return; }
  var busy = false, again = false;

  function say(text, on) {
    if (live) { live.textContent = text; live.className = "live " + (on ? "on" : "off"); }
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch("fragment", {cache: "no-store", credentials: "same-origin"})
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) {
        main.innerHTML = html;
        say("live, updated " + new Date().toLocaleTimeString(), true);
      })
      .catch(function () { say("live update failed; reload the page", false); })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  var source = new EventSource("api/events?since=" + encodeURIComponent(main.getAttribute("data-version") || ""));
  source.addEventListener("change", refresh);
  source.onopen = function () { say("live", true); };
  source.onerror = function () { say("reconnecting…", false); };
})();
