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

  // /support: the moment support opens or closes, said once, in the reader's own time zone (the server
  // can only write it in UTC); data-template is the page's sentence with {2} where the moment goes.
  var lang = document.documentElement.lang || undefined;
  function weekdayTime(iso, withZone) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return null; }
    var options = { weekday: "long", hour: "2-digit", minute: "2-digit" };
    if (withZone) { options.timeZoneName = "short"; }
    return d.toLocaleString(lang, options);
  }
  document.querySelectorAll(".local-sentence[data-template][data-datetime]").forEach(function (el) {
    var local = weekdayTime(el.getAttribute("data-datetime"), true);
    if (local) { el.textContent = el.getAttribute("data-template").replace("{2}", local); }
  });
  // /support: the weekly hours in the reader's own time zone, under the directory's own words.
  var hours = document.getElementById("hours-local");
  if (hours && hours.getAttribute("data-template")) {
    var opens = weekdayTime(hours.getAttribute("data-opens"), false);
    var closes = weekdayTime(hours.getAttribute("data-closes"), true);
    if (opens && closes) {
      hours.textContent = hours.getAttribute("data-template").replace("{0}", opens).replace("{1}", closes);
      hours.hidden = false;
    }
  }

  // A refused form opens on its error summary (templates/fragments.html). The summary's autofocus does this
  // without JavaScript; some browsers skip autofocus (after a back/forward navigation, or when the page has
  // no focus yet), so focus it here too unless the person has already moved on.
  var summary = document.getElementById("error-summary") || document.getElementById("locked-message");
  if (summary && (document.activeElement === document.body || document.activeElement === null)) {
    summary.focus();
  }
  // Following "#field" only scrolls to it; take the person into the field, where they can type the fix.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").substring(1));
      if (field && typeof field.focus === "function") {
        event.preventDefault();
        field.focus();
        var label = document.querySelector("label[for='" + field.id + "']");
        (label || field).scrollIntoView({ block: "center" });
      }
    });
  });
})();
