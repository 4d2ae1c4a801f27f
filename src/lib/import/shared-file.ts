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

/** What the import page says when the service worker could not keep a shared file (static/share-target.js: `why`). */
export function sharedFileLost(why: string | null): string {
  if (why === 'space') return 'The shared file could not be kept: this device is out of storage space. Free some space, then choose the file below.';
  if (why === 'storage')
    return 'The shared file could not be kept: the browser could not store it, most often because the device is out of storage space. Free some space, then choose the file below.';
  return 'The shared file could not be kept (if the device is low on storage space, free some first). Choose the file below.';
}
