import { syncConfigured } from './config';

/**
 * Starts background sync on this page when it is turned on, after the first paint (PouchDB and
 * the engine load only then, and only when sync is on).
 */
export function startSyncWhenOn(delayMs = 1500): void {
  if (!syncConfigured()) return;
  setTimeout(() => void import('./engine/runner').then(({ startSyncRunner }) => startSyncRunner()), delayMs);
}

/** Syncs now, loading the engine when needed (Settings → Sync, after turning sync on). */
export async function syncNowLoaded(): Promise<void> {
  const { startSyncRunner, syncNow } = await import('./engine/runner');
  startSyncRunner();
  await syncNow();
}
