{% load static %}// The field screen's service worker (outreach/views/field.py): the screen opens without network once visited.
// Pages under its scope: from the network, a copy kept for when there is none (asked for by the page, too, since
// the first visit happens before this worker runs). The screen's files: from this cache first.
// Logging out deletes these caches and this worker (the logout answers `Clear-Site-Data`, reflex/views.py).
"use strict";

const CACHE = "reflex-field-{{ version }}";
const SCOPE = "{% url 'outreach:field_home' %}";
const LOGIN = "{% url 'login' %}";
const ASSETS = [
  "{% static 'vendor/bootstrap-5.3.9.min.css' %}",
  "{% static 'vendor/bootstrap-5.3.9.bundle.min.js' %}",
  "{% static 'vendor/htmx-2.0.11.min.js' %}",
  "{% static 'vendor/idb-8.0.4.min.js' %}",
  "{% static 'reflex/reflex.css' %}",
  "{% static 'outreach/outreach.css' %}",
  "{% static 'outreach/capture.js' %}",
  "{% static 'outreach/field-icon.svg' %}",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("reflex-field") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

// A copy without the redirect flag (a redirected response cannot answer a navigation), under both addresses.
async function keep(requestUrl, response) {
  if (!response.ok || new URL(response.url).pathname.startsWith(LOGIN)) { return false; }
  const body = await response.blob();
  const copy = () => new Response(body, { status: 200, headers: { "Content-Type": response.headers.get("Content-Type") || "text/html" } });
  const cache = await caches.open(CACHE);
  await cache.put(requestUrl, copy());
  if (response.url && response.url !== requestUrl) { await cache.put(response.url, copy()); }
  return true;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    if (!url.pathname.startsWith(SCOPE)) { return; }
    event.respondWith(
      fetch(request).then((response) => {
        event.waitUntil(keep(request.url, response.clone()));
        return response;
      }).catch(() => caches.match(request.url).then((hit) => hit || Response.error()))
    );
    return;
  }
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});

self.addEventListener("message", (event) => {
  const wanted = event.data && event.data.cache;
  if (!wanted || new URL(wanted).origin !== self.location.origin) { return; }
  event.waitUntil(
    fetch(wanted, { credentials: "same-origin" })
      .then((response) => keep(wanted, response))
      .then((kept) => { if (kept && event.source) { event.source.postMessage({ cached: wanted }); } })
      .catch(() => null)
  );
});
