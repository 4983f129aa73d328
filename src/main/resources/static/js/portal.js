// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Show <time class="local-time" datetime="..."> in the reader's own time zone, next to the UTC text, in the page's language.
  document.querySelectorAll("time.local-time[datetime]").forEach(function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (isNaN(d.getTime())) { return; }
    var local = d.toLocaleString(document.documentElement.lang || undefined, { weekday: "long", hour: "2-digit", minute: "2-digit", day: "numeric", month: "long", timeZoneName: "short" });
    el.textContent = el.textContent ? el.textContent + " (" + local + ")" : "(" + local + ")";
  });
})();
