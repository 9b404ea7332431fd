// The forum's progressive enhancements. Every form works without this file:
// - live preview: the composer's "Preview" button re-renders the page without JavaScript;
//   here the preview follows the typing, fetched from the server's own renderer (the one
//   that sanitises posts), so what you see is what will be posted.
// - reactions: "This helped" / "Sending strength" toggle in place instead of reloading.
// - reply and quote in place: on a page with the composer (a thread's last page), Reply
//   and Quote fill it — the quote as the server's reply page would (fetched from it, so
//   the attribution and escaping are the server's) — and focus it, without leaving the page.
//   Without this file they open the reply page, as before.
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

  // --- Reply and quote in place -------------------------------------------------------
  function enhanceReplyInPlace(root) {
    const box = root.querySelector("#reply");
    const composer = box && box.querySelector("form.composer");
    const textarea = composer && composer.querySelector("textarea[name=body]");
    if (!textarea) return; // not the last page, or no composer: the links open the reply page
    const replyTo = composer.querySelector("input[name=reply_to]");
    const note = box.querySelector("[data-replying-to]");

    const focusComposer = () => {
      textarea.focus();
      textarea.setSelectionRange(textarea.value.length, textarea.value.length);
      textarea.scrollIntoView({ block: "center" });
    };
    const replyingTo = (link) => {
      if (replyTo) replyTo.value = link.dataset.reply || link.dataset.quote;
      if (note) {
        note.textContent = `Replying to ${link.dataset.replyName}.`;
        note.hidden = false;
      }
    };
    const addText = (text) => {
      const current = textarea.value.replace(/\s+$/, "");
      textarea.value = current ? `${current}\n\n${text}` : text;
      textarea.value = `${textarea.value.replace(/\s+$/, "")}\n\n`;
      textarea.dispatchEvent(new Event("input", { bubbles: true })); // the live preview
    };

    root.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-quote], a[data-reply], a[data-skip-to-reply]");
      if (!link || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      if (link.dataset.skipToReply !== undefined) {
        if (link.getAttribute("href") !== "#reply") return; // on another page
        event.preventDefault();
        focusComposer();
        return;
      }
      event.preventDefault();
      replyingTo(link);
      if (link.dataset.reply) {
        focusComposer();
        return;
      }
      fetch(link.href, {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then((response) =>
          response.ok && response.headers.get("X-Holdfast-Partial") === "quote"
            ? response.text()
            : Promise.reject(response)
        )
        .then((markdown) => {
          addText(markdown);
          focusComposer();
        })
        .catch(() => {
          window.location.assign(link.href); // the reply page, as without JavaScript
        });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form.composer[data-preview-url]").forEach(enhanceComposer);
    enhanceReactions(document);
    enhanceReplyInPlace(document);
  });
})();
