// kzpolicy-gen preview: when the server has a newer build (server-sent events from 127.0.0.1), fetch the
// page again and swap its body in place (no full reload: styles and this script stay, scrolling is kept).
"use strict";
(function () {
  var shown = document.body.getAttribute("data-version");
  var events = new EventSource("/events?v=" + encodeURIComponent(shown));
  events.onmessage = function (event) {
    if (event.data === shown) { return; }
    shown = event.data;
    fetch(window.location.href, { cache: "no-store" }).then(function (response) {
      return response.text();
    }).then(function (text) {
      var fresh = new DOMParser().parseFromString(text, "text/html");
      var y = window.scrollY;
      document.body.replaceWith(fresh.body);
      document.title = fresh.title;
      window.scrollTo(0, y);
      shown = document.body.getAttribute("data-version");
    }).catch(function () { window.location.reload(); });
  };
})();
