// Web Share Target, imported into the generated service worker (vite.config.ts importScripts):
// files shared to the installed app arrive as a POST; the first one is kept in a cache and the
// import page (import?shared=1) picks it up, previews it and deletes it. Every URL is resolved
// against the worker's scope, so a build under a sub-path (BASE_PATH) works the same.
const inScope = (path) => new URL(path, self.registration.scope).href;

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'POST' || url.origin + url.pathname !== inScope('import/share')) return;
  event.respondWith(
    (async () => {
      try {
        const form = await event.request.formData();
        const file = form.getAll('file').find((value) => typeof value === 'object' && value !== null && 'name' in value);
        if (!file) return Response.redirect(inScope('import'), 303);
        const cache = await caches.open('shared-files');
        await cache.put(
          inScope('shared-file'),
          new Response(file, { headers: { 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) } })
        );
        return Response.redirect(inScope('import?shared=1'), 303);
      } catch (error) {
        // Not kept: the import page says why, instead of the browser's error page. On a full disk
        // Chromium's Cache.put fails with an UnknownError ("Unexpected internal error."), not a quota error.
        const name = error && error.name;
        const why = name === 'QuotaExceededError' ? 'space' : name === 'UnknownError' ? 'storage' : 'error';
        return Response.redirect(inScope(`import?shared=failed&why=${why}`), 303);
      }
    })()
  );
});
