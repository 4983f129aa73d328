// The strength meter as the person types (templates/fragments.html :: strengthMeter).
// Progressive enhancement only: without this file the meter shows the server's verdict after a
// submit. The server applies the same rules as the form (POST /password/strength, with the form's
// CSRF token), so the meter and the form never disagree; nothing is computed or sent elsewhere.
(function () {
  "use strict";
  var box = document.getElementById("strength");
  if (!box || !window.fetch || !window.URLSearchParams) { return; }
  var form = box.closest("form");
  var input = form && form.querySelector("input[name=newPassword]");
  var csrf = form && form.querySelector("input[name=_csrf]");
  var url = box.getAttribute("data-strength-url");
  if (!input || !csrf || !url) { return; }
  var token = form.querySelector("input[name=token]");
  var meter = document.getElementById("strength-meter");
  var label = document.getElementById("strength-text");
  var reason = document.getElementById("strength-reason");
  var MAX_CHARS = 2048; // the server refuses longer passwords without looking at them
  var timer = null;
  var latest = 0;
  var stopped = false;

  function show(score, text, why) {
    meter.value = score;
    label.textContent = text || "";
    reason.textContent = why || "";
    reason.hidden = !why;
  }

  function ask() {
    var value = input.value;
    var mine = ++latest;
    if (!value) { show(0, "", ""); return; }
    if (value.length > MAX_CHARS) { return; }
    var body = new URLSearchParams();
    body.set("_csrf", csrf.value);
    body.set("password", value);
    if (token) { body.set("token", token.value); }
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      cache: "no-store",
      redirect: "error",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 429 || response.status === 403) { stopped = true; }
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (answer) {
      if (mine === latest) { show(answer.score, answer.label, answer.reason); }
    }).catch(function () {
      // Leave the meter as it is: the form still checks everything when it is sent.
    });
  }

  input.addEventListener("input", function () {
    if (stopped) { return; }
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  });
})();
