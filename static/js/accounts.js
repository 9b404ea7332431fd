// Profile settings: "Copy" buttons beside the badge snippets. Progressive enhancement only:
// without JavaScript the buttons stay hidden and the read-only text areas can be selected
// and copied by hand. Loaded with `defer`, from our own origin (CSP: script-src 'self').
(function () {
  "use strict";

  function say(status, text) {
    if (status) {
      status.textContent = text;
    }
  }

  function copyBySelection(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.querySelector("[data-copy-status]");
    if (!field) {
      return;
    }
    var done = function () { say(status, "Copied to your clipboard."); };
    var manual = function () {
      if (copyBySelection(field)) {
        done();
      } else {
        say(status, "The text is selected: press Ctrl+C (or ⌘+C) to copy it.");
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, manual);
    } else {
      manual();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
    // After a refused save, keyboard and screen-reader users start at what needs a change.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    // A click in a snippet selects all of it, ready to copy by hand.
    document.querySelectorAll("textarea.snippet-text").forEach(function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
  });
})();
