/**
 * The app shell's work that waits for the first screen (loaded by +layout.svelte once a page
 * reports it, src/lib/pwa/first-screen.ts): none of it changes what the first screen shows, so
 * none of its code is downloaded before it (docs/ARCHITECTURE.md "The fast path").
 */
import { watchStorageHeadroom } from '../pwa/storage-headroom.svelte';
import { startSyncWhenOn } from '../sync/start';

export function startShellLater(): void {
  // The storage estimate for the status area, and the disk guard once the browser is idle.
  watchStorageHeadroom();
  // Background sync, only when it is set up and on (PouchDB and the engine load only then).
  startSyncWhenOn();
}
