/** The file the service worker kept from a share to the app (static/share-target.js), taken once. */
export async function takeSharedFile(): Promise<File | null> {
  if (typeof caches === 'undefined') return null;
  const cache = await caches.open('shared-files');
  const response = await cache.match('/shared-file');
  if (!response) return null;
  await cache.delete('/shared-file');
  const name = decodeURIComponent(response.headers.get('x-file-name') ?? 'shared-file');
  return new File([await response.blob()], name, { type: response.headers.get('content-type') ?? '' });
}
