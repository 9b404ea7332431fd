// The installable app (docs/app-and-push.md). Progressive enhancement only: every page works
// without this file.
// - Registers the service worker (served at the site root, so it covers every page), asking
//   for it past the HTTP cache so a new deployment's worker is found at once.
// - Tells the worker, on each page, whether someone is signed in: a member's SOS page and
//   crisis lines are kept for offline use ("keep"); a signed-out page empties that copy
//   ("forget"), so nothing private stays on the device after log-out.
// - On the push settings page, turns push on or off for this device (the Push API).
"use strict";

(function () {
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;

  const signedIn = document.body.classList.contains("is-member");
  // The offline page is kept as a visitor sees it: it says nothing about who is signed in.
  const offlinePage = document.querySelector('meta[name="holdfast-page"][content="offline"]');

  navigator.serviceWorker
    .register(script.dataset.worker, { scope: "/", updateViaCache: "none" })
    .catch(() => {}); // no worker (a private window, an old browser): the site works as ever

  navigator.serviceWorker.ready.then((registration) => {
    if (registration.active && !offlinePage) {
      registration.active.postMessage(signedIn ? "keep" : "forget");
    }
    setUpPush(registration);
  });

  function keyBytes(base64url) {
    const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  function setUpPush(registration) {
    const on = document.querySelector("form[data-push-on]");
    const off = document.querySelector("form[data-push-off]");
    if (!on || !off || !("PushManager" in window) || !("Notification" in window)) return;
    document.querySelectorAll("[data-push-needs-js]").forEach((note) => (note.hidden = true));
    registration.pushManager.getSubscription().then((current) => {
      on.hidden = Boolean(current);
      off.hidden = !current;
    });

    on.addEventListener("submit", (event) => {
      event.preventDefault();
      Notification.requestPermission()
        .then((permission) => {
          if (permission !== "granted") throw new Error("not granted");
          return registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: keyBytes(on.dataset.key),
          });
        })
        .then((subscription) => {
          const json = subscription.toJSON();
          on.elements.endpoint.value = json.endpoint;
          on.elements.p256dh.value = json.keys.p256dh;
          on.elements.auth.value = json.keys.auth;
          on.submit();
        })
        .catch(() => on.submit()); // the server says kindly that the browser gave no address
    });

    off.addEventListener("submit", (event) => {
      event.preventDefault();
      registration.pushManager.getSubscription().then((subscription) => {
        if (!subscription) return off.submit();
        off.elements.endpoint.value = subscription.endpoint;
        return subscription.unsubscribe().finally(() => off.submit());
      });
    });
  }
})();
