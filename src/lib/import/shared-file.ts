/** The file the service worker kept from a share to the app (static/share-target.js), taken once. */
export async function takeSharedFile(base: string): Promise<File | null> {
  if (typeof caches === 'undefined') return null;
  const cache = await caches.open('shared-files');
  // The worker keys it in its scope, which is the app's base path.
  const key = new URL(`${base}/shared-file`, location.origin).href;
  const response = await cache.match(key);
  if (!response) return null;
  await cache.delete(key);
  const name = decodeURIComponent(response.headers.get('x-file-name') ?? 'shared-file');
  return new File([await response.blob()], name, { type: response.headers.get('content-type') ?? '' });
}
