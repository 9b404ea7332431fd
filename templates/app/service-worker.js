// Holdfast's service worker (config/app_views.py renders it; docs/app-and-push.md).
// - Pages (HTML) are always asked of the network first: online, a member never sees a kept
//   copy, so nothing is ever stale. Offline, the SOS page (with the member's reasons and
//   unsent messages) and the crisis lines are shown as last seen; any other page shows the
//   offline page.
// - The member's pages are kept in one cache, emptied at log-out (the log-out POST passes
//   through here) and on any page seen signed out (static/js/app.js says "forget").
// - Styles, scripts and icons are kept at install, per version: a new version replaces them.
// - Pushes are shown as they come, in the discreet words the server chose.
"use strict";

const VERSION = "{{ version }}";
const URLS = {{ urls_json|safe }};
const SHELL = "holdfast-shell-" + VERSION;
const MEMBER = "holdfast-member";
const KEEP_FOR_MS = 60 * 60 * 1000; // "keep" refreshes a kept page at most hourly

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) =>
        cache.addAll([
          ...URLS.precached,
          // As a visitor sees it: the shell cache outlives log-out, so nothing private in it.
          new Request(URLS.offline, { credentials: "omit" }),
        ]),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("holdfast-shell-") && key !== SHELL)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

function forget() {
  return caches.delete(MEMBER);
}

async function keep(path, response) {
  const cache = await caches.open(MEMBER);
  await cache.put(path, response);
}

// The member's pages, fetched now if not kept in the last hour (after log-in, a page the
// member never opened is still there offline). A signed-out fetch is redirected to log-in:
// such an answer is never kept.
async function keepMemberPages() {
  const cache = await caches.open(MEMBER);
  for (const path of URLS.kept) {
    const kept = await cache.match(path);
    const age = kept ? Date.now() - Date.parse(kept.headers.get("Date") || 0) : Infinity;
    if (age < KEEP_FOR_MS) continue;
    const response = await fetch(path, { credentials: "same-origin" });
    if (response.ok && !response.redirected) await keep(path, response);
  }
}

self.addEventListener("message", (event) => {
  if (event.data === "forget") event.waitUntil(forget());
  if (event.data === "keep") event.waitUntil(keepMemberPages().catch(() => {}));
});

async function page(request, url) {
  try {
    const response = await fetch(request);
    if (URLS.kept.includes(url.pathname) && !url.search && response.ok && !response.redirected) {
      await keep(url.pathname, response.clone());
    }
    return response;
  } catch (error) {
    const kept = URLS.kept.includes(url.pathname)
      ? await caches.match(url.pathname, { cacheName: MEMBER, ignoreVary: true })
      : undefined;
    return kept || (await caches.match(URLS.offline, { cacheName: SHELL })) || Response.error();
  }
}

async function submit(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const offline = await caches.match(URLS.offline, { cacheName: SHELL });
    return offline || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === URLS.logout) {
    event.waitUntil(forget());
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(request.method === "GET" ? page(request, url) : submit(request));
    return;
  }
  if (request.method === "GET" && URLS.precached.includes(url.pathname)) {
    event.respondWith(caches.match(request, { cacheName: SHELL }).then((hit) => hit || fetch(request)));
  }
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Holdfast", {
      body: data.body || "",
      tag: data.tag || "holdfast",
      icon: URLS.icon,
      data: { url: data.url || "/" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  // Only ever a page of this site, whatever the push said.
  const target = new URL(event.notification.data.url || "/", self.location.origin);
  const url = target.origin === self.location.origin ? target.href : "/";
  event.waitUntil(self.clients.openWindow(url));
});
