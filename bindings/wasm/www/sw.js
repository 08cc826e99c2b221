// Keeps the inspector working offline: the page and the module are cached on first load and
// served from the cache, refreshed from the network when it answers.
const CACHE = "emvqr-inspector-v1";
const FILES = ["./", "index.html", "app.js", "style.css", "pkg/emvqr.js", "pkg/emvqr_bg.wasm"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener("fetch", (event) => {
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true })),
  );
});
