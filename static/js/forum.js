// The forum's progressive enhancements. Every form works without this file:
// - live preview: the composer's "Preview" button re-renders the page without JavaScript;
//   here the preview follows the typing, fetched from the server's own renderer (the one
//   that sanitises posts), so what you see is what will be posted.
// - reactions: "This helped" / "Sending strength" toggle in place instead of reloading.
"use strict";

(function () {
  const csrfToken = (form) => {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  function post(url, form, body) {
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form), "X-Requested-With": "fetch" },
    });
  }

  // --- Live preview ---------------------------------------------------------------
  function enhanceComposer(form) {
    const source = form.querySelector("[data-preview-source]");
    const section = form.querySelector("[data-preview]");
    const target = form.querySelector("[data-preview-target]");
    if (!source || !section || !target) return;
    let timer = null;
    let latest = 0;
    const refresh = () => {
      const text = source.value;
      if (!text.trim()) {
        section.hidden = true;
        target.replaceChildren();
        return;
      }
      const data = new FormData();
      data.append("body", text);
      const ticket = ++latest;
      post(form.dataset.previewUrl, form, data)
        // A redirect means the session ended (the log-in page): leave the preview alone.
        .then((response) =>
          response.ok && !response.redirected ? response.text() : Promise.reject(response)
        )
        .then((html) => {
          if (ticket !== latest) return; // an older answer arriving late
          // The server's partial is sanitised HTML from forum.markdown.render_markdown.
          const fragment = document.createRange().createContextualFragment(html);
          target.replaceChildren(fragment);
          section.hidden = false;
        })
        .catch(() => {}); // the Preview button still works
    };
    source.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 500);
    });
  }

  // --- Reactions --------------------------------------------------------------------
  function enhanceReactions(root) {
    root.addEventListener("submit", (event) => {
      const form = event.target.closest(".reaction-form");
      if (!form) return;
      event.preventDefault();
      const box = form.closest("[data-reactions]");
      const button = form.querySelector("button");
      button.disabled = true;
      post(form.action, form, new FormData(form))
        .then((response) => {
          if (response.redirected || !(response.ok || response.status === 400)) {
            return Promise.reject(response);
          }
          return response.text();
        })
        .then((html) => {
          const fragment = document.createRange().createContextualFragment(html);
          const fresh = fragment.querySelector("[data-reactions]");
          if (!fresh) return Promise.reject(new Error("unexpected answer"));
          box.replaceWith(fresh);
          const again = fresh.querySelector(
            `input[name=kind][value="${form.querySelector("input[name=kind]").value}"]`
          );
          if (again) again.form.querySelector("button").focus();
        })
        .catch(() => form.submit()); // fall back to the ordinary form post
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form.composer[data-preview-url]").forEach(enhanceComposer);
    enhanceReactions(document);
  });
})();
