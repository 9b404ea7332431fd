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

  // "Preview bio" without reloading the page: the server renders the preview (the same
  // sanitizer as a save) and answers with just that part of the page. Any other answer — a
  // mistake to explain, the log-in page — and the form is submitted as it would be
  // without JavaScript.
  function previewInPlace(button) {
    var form = button.form;
    var target = form.querySelector("[data-bio-preview]");
    if (!target || !window.fetch) {
      return;
    }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      data.append("preview", "1");
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "", "X-Requested-With": "fetch" }
      })
        .then(function (response) {
          if (!response.ok || response.redirected || !response.headers.get("X-Holdfast-Partial")) {
            return Promise.reject(response);
          }
          return response.text();
        })
        .then(function (html) {
          // Sanitized HTML from core.markdown.render_markdown, in our own template.
          target.replaceChildren(document.createRange().createContextualFragment(html));
        })
        .catch(function () {
          var again = document.createElement("input");
          again.type = "hidden";
          again.name = "preview";
          again.value = "1";
          form.appendChild(again);
          form.submit();
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-bio-preview-button]").forEach(previewInPlace);
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
