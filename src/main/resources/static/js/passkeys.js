// Passkeys through Spring Security's WebAuthn endpoints, after its javascript/lib/webauthn-core.js
// (a static file: the CSP allows no inline script). Everything else on these pages works without it;
// without it, or without WebAuthn in the browser, the page says that passkeys need it.
//   form[data-passkey="register"]     /account/security: POST /webauthn/register/options, create(),
//                                     POST /webauthn/register, then the form is submitted (its page
//                                     shows the recovery codes of a first factor).
//   form[data-passkey="authenticate"] /login and /login/second-factor: POST /webauthn/authenticate/options,
//                                     get(), POST /login/webauthn, then the page the portal answers.
// The CSRF token is the form's own _csrf field, sent as Spring Security's X-CSRF-TOKEN header.
(function () {
  "use strict";

  var form = document.querySelector("form[data-passkey]");
  var fallback = document.querySelector("[data-passkey-fallback]");
  var errorBox = document.getElementById("passkey-error");
  if (!form) { return; }
  if (!window.PublicKeyCredential || !navigator.credentials) {
    if (fallback) { fallback.textContent = fallback.getAttribute("data-msg-unsupported"); }
    return;
  }
  form.hidden = false;
  if (fallback) { fallback.hidden = true; }

  var contextPath = form.getAttribute("action").replace(/\/(login\/webauthn|account\/security\/passkey\/added)$/, "");

  function decode(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function encode(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function post(path, body) {
    var headers = { "Content-Type": "application/json" };
    var csrf = form.querySelector("input[name='_csrf']");
    if (csrf) { headers["X-CSRF-TOKEN"] = csrf.value; }
    return fetch(contextPath + path, {
      method: "POST", headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }

  function fail() {
    if (errorBox) {
      errorBox.textContent = form.getAttribute("data-msg-failed");
      errorBox.hidden = false;
      errorBox.focus && errorBox.setAttribute("tabindex", "-1");
      errorBox.focus();
    }
  }

  function descriptors(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: decode(c.id) }); });
  }

  async function register(label) {
    var optionsResponse = await post("/webauthn/register/options");
    if (!optionsResponse.ok) { throw new Error("options " + optionsResponse.status); }
    var options = await optionsResponse.json();
    var publicKey = Object.assign({}, options, {
      user: Object.assign({}, options.user, { id: decode(options.user.id) }),
      challenge: decode(options.challenge),
      excludeCredentials: descriptors(options.excludeCredentials)
    });
    var created = await navigator.credentials.create({ publicKey: publicKey });
    var response = created.response;
    var body = {
      publicKey: {
        credential: {
          id: created.id,
          rawId: encode(created.rawId),
          response: {
            attestationObject: encode(response.attestationObject),
            clientDataJSON: encode(response.clientDataJSON),
            transports: response.getTransports ? response.getTransports() : []
          },
          type: created.type,
          clientExtensionResults: created.getClientExtensionResults(),
          authenticatorAttachment: created.authenticatorAttachment
        },
        label: label
      }
    };
    var registered = await post("/webauthn/register", body);
    var result = registered.ok ? await registered.json() : null;
    if (!result || !result.success) { throw new Error("register " + registered.status); }
  }

  async function authenticate() {
    var optionsResponse = await post("/webauthn/authenticate/options");
    if (!optionsResponse.ok) { throw new Error("options " + optionsResponse.status); }
    var options = await optionsResponse.json();
    var publicKey = Object.assign({}, options, {
      allowCredentials: descriptors(options.allowCredentials),
      challenge: decode(options.challenge)
    });
    var cred = await navigator.credentials.get({ publicKey: publicKey });
    var response = cred.response;
    var body = {
      id: cred.id,
      rawId: encode(cred.rawId),
      response: {
        authenticatorData: encode(response.authenticatorData),
        clientDataJSON: encode(response.clientDataJSON),
        signature: encode(response.signature),
        userHandle: response.userHandle ? encode(response.userHandle) : undefined
      },
      credType: cred.type,
      clientExtensionResults: cred.getClientExtensionResults(),
      authenticatorAttachment: cred.authenticatorAttachment
    };
    var answer = await post("/login/webauthn", body);
    var result = await answer.json();
    // Refused or not, the portal names the page to go to (/login?error, the locked message, the second step...).
    if (result && result.redirectUrl) {
      window.location.href = result.redirectUrl;
      return;
    }
    throw new Error("sign-in " + answer.status);
  }

  var button = form.querySelector("button");
  button.addEventListener("click", function () {
    if (errorBox) { errorBox.hidden = true; }
    var work;
    if (form.getAttribute("data-passkey") === "register") {
      var name = form.querySelector("input[name='name']");
      if (!name.value.trim()) {
        name.setCustomValidity(form.getAttribute("data-msg-name-missing"));
        name.reportValidity();
        name.setCustomValidity("");
        return;
      }
      work = register(name.value.trim()).then(function () { form.submit(); });
    } else {
      work = authenticate();
    }
    button.disabled = true;
    work.catch(function () {
      button.disabled = false;
      fail();
    });
  });
})();
