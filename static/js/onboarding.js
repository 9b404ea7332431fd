// Sign-up, log-in, password and welcome pages. Progressive enhancement only: without
// JavaScript every field works, the time zone stays UTC until picked from the list, and the
// error summary is still announced (role="alert"). Loaded with `defer` from our own origin
// (CSP: script-src 'self').
(function () {
  "use strict";

  // "Show password" beside each password field: the member can check what they typed,
  // which matters on a phone keyboard at night.
  function addToggle(input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-link btn-sm password-toggle";
    button.textContent = "Show password";
    button.setAttribute("aria-controls", input.id);
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      var showing = input.type === "text";
      input.type = showing ? "password" : "text";
      button.textContent = showing ? "Show password" : "Hide password";
      button.setAttribute("aria-pressed", showing ? "false" : "true");
    });
    input.insertAdjacentElement("afterend", button);
  }

  // The sign-up form's time zone, from the browser, when the member has not chosen one yet
  // (a form sent back with a mistake keeps what was chosen).
  function detectTimeZone(select) {
    if (select.value !== "UTC" || select.form.querySelector(".is-invalid")) {
      return;
    }
    var zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return;
    }
    var option = Array.prototype.find.call(select.options, function (item) {
      return item.value === zone;
    });
    if (option) {
      select.value = zone;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-password-toggles] input[type=password]").forEach(addToggle);
    document.querySelectorAll("select[data-detect-time-zone]").forEach(detectTimeZone);
    // After a refused form, keyboard and screen-reader users start at what needs a change.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });
})();
