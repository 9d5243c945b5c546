// Waypoint's service worker: the app works offline, and a new version waits until the patient
// accepts it. Modelled on Squoosh's: one versioned cache, old caches deleted on activate, and an
// update the user accepts (the page posts SKIP_WAITING, then reloads on `controllerchange`).
//
// This file is a TEMPLATE. scripts/pwa-build.mjs (a Trunk post_build hook) writes the served
// copy into dist/ with the two constants below filled in from the files the build emitted:
// VERSION, a hash of their contents and of this template, and PRECACHE, their names relative to
// this script (so the app works from any sub-path). Never hand-edit a file list here.
//
// Fetches: only same-origin GETs are answered. Precached files come from the cache (network if
// the cache lost them); a navigation gets the cached index.html (the router lives in the hash);
// anything else goes to the network untouched and is never cached. Nothing here ever fetches
// another origin.

const VERSION = "template";
// null in a debug build: no offline copy. The worker then takes over at once, deletes every
// Waypoint cache and answers no request, so `trunk serve` never shows a stale release build that
// was installed from the same origin.
const PRECACHE = null;

const PREFIX = "waypoint-";
const CACHE = PREFIX + VERSION;
const INDEX = new URL("index.html", self.location).href;
const precached = new Set((PRECACHE || []).map((rel) => new URL(rel, self.location).href));
// Trunk names the app's JS, wasm and CSS after a hash of their content (Trunk.toml filehash), and
// scripts/split-build.mjs the modules and chunks (6 hex digits, see moduleHash there).
const CONTENT_NAMED = /-[0-9a-f]{6,}(?:_bg)?\.(?:js|wasm|css)$/;

self.addEventListener("install", (event) => {
  if (!PRECACHE) {
    self.skipWaiting();
    return;
  }
  // A content-named file the page has just loaded is taken from the HTTP cache ("force-cache":
  // its name is its content), so the first visit does not download the wasm twice. Every other
  // file (index.html, pwa.js, the manifest) is checked with the server ("no-cache"), so a new
  // version never caches a stale copy. No skipWaiting: an update waits for the patient.
  const request = (url) => new Request(url, { cache: CONTENT_NAMED.test(url) ? "force-cache" : "no-cache" });
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...precached].map(request))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = PRECACHE ? CACHE : null;
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== keep).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

// Without an offline copy there is no fetch handler at all: the browser then skips the worker.
if (PRECACHE) self.addEventListener("fetch", onFetch);

function onFetch(event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  url.search = "";
  url.hash = "";
  const key = precached.has(url.href) ? url.href : request.mode === "navigate" ? INDEX : null;
  if (key) event.respondWith(fromCache(key, request));
}

async function fromCache(key, request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(key)) || fetch(request);
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});
