/* backrehab service worker {{ version }}: the session starts and finishes with no connection.
 *
 * - The app's files (styles, the player's modules, icons) are kept on install: cache first.
 * - Today, the program and the session page are fetched from the network when there is one (and
 *   the copy kept), from the copy when there is not. Only those pages, only GET, only this site.
 * - Session logs are not handled here: the outbox (outbox.js) keeps them until the server has
 *   them, so nothing is sent twice or lost.
 * - A new version (any change to the files or to this worker changes {{ version }}) takes over at
 *   once and deletes the old caches. Signing out deletes the kept pages (pwa.js), so the next
 *   person on this phone never sees them.
 */
"use strict";
const VERSION = "{{ version }}";
const SHELL_CACHE = "backrehab-shell-" + VERSION;
const PAGES_CACHE = "backrehab-pages";
const SHELL = {{ shell|safe }};
const PAGES = {{ pages|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const shell = await caches.open(SHELL_CACHE);
    await shell.addAll(SHELL);
    await keepPages();
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith("backrehab-shell-") && name !== SHELL_CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

/* Keep the signed-in patient's pages (a page that sends to sign-in is not kept). */
async function keepPages() {
  const pages = await caches.open(PAGES_CACHE);
  await Promise.all(PAGES.map(async (url) => {
    try {
      const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
      if (response.ok && response.type === "basic") await pages.put(url, response);
    } catch (e) {
      /* offline while installing: the pages are kept on the next visit */
    }
  }));
}

self.addEventListener("message", (event) => {
  if (event.data === "keep-pages") event.waitUntil(keepPages());
  if (event.data === "forget-pages") event.waitUntil(caches.delete(PAGES_CACHE));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === "navigate" && PAGES.includes(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  }
});

async function networkFirst(request, path) {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      const pages = await caches.open(PAGES_CACHE);
      await pages.put(path, response.clone());
    }
    return response;
  } catch (e) {
    const kept = await caches.match(path, { cacheName: PAGES_CACHE });
    if (kept) return kept;
    throw e;
  }
}

/* Web Push: the server sends {kind, title, body, url} in the patient's language, and never
 * anything about their health (a locked phone shows it). A tap opens the address, on this site
 * only: an open window of the app is reused. */
function sameSite(url) {
  try {
    const target = new URL(url, self.location.origin);
    return target.origin === self.location.origin ? target.href : null;
  } catch (e) {
    return null;
  }
}

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (e) {
    message = {};
  }
  const kind = typeof message.kind === "string" ? message.kind : "backrehab";
  event.waitUntil(self.registration.showNotification(String(message.title || "backrehab"), {
    body: String(message.body || ""),
    icon: "{{ icon }}",
    badge: "{{ icon }}",
    tag: kind,
    data: { url: sameSite(message.url || PAGES[0]) || PAGES[0] },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = sameSite((event.notification.data && event.notification.data.url) || PAGES[0]);
  if (!target) return;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const client of windows) {
      if (new URL(client.url).origin !== self.location.origin) continue;
      const focused = await client.focus();
      if (focused.url !== target && "navigate" in focused) {
        try {
          await focused.navigate(target);
        } catch (e) {
          /* a window this worker does not control stays where it is */
        }
      }
      return;
    }
    return self.clients.openWindow(target);
  })());
});
