import { onLocalCommit } from '../../db/change-set';
import { database } from '../../db/database';
import { loadSyncConfig } from '../config';
import { currentKeys, currentSession, keepKeys, type RemoteSession } from '../session';
import { keptKeys } from '../kept-keys';
import { updateSyncStatus } from '../status';
import type { SyncProgressEvent, SyncReport, SyncTarget } from './run';
import { withSyncLock } from './tab-lock';
import { syncInWorker } from './worker-client';

/** After a local change, sync waits this long for more (a study session answers every few seconds). */
const DEBOUNCE_MS = 4000;
/** After a failed sync (server down or erring), the next attempt comes this much later at most. */
const RETRY_MS = 60_000;

let started = false;
let running: Promise<void> | null = null;
let again = false;
let timer: ReturnType<typeof setTimeout> | null = null;

/**
 * Runs sync in the background: on start, a few seconds after local changes, on reconnect, when
 * the app comes back to the foreground, and on "Sync now". One run at a time; a trigger during a
 * run leads to one more run after it. Nothing here is awaited by a screen: the study screen
 * never waits for the network.
 */
export function startSyncRunner(): void {
  if (started) return;
  started = true;
  onLocalCommit((_changes, origin) => {
    if (origin === 'local') later(DEBOUNCE_MS);
  });
  globalThis.addEventListener?.('online', () => later(0));
  globalThis.document?.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') later(0);
  });
  later(0);
}

function later(ms: number): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void syncNow();
  }, ms);
}

/** Syncs now (or right after the run in progress); resolves when that run ended, whatever its outcome. */
export async function syncNow(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = runOnce().finally(() => {
    running = null;
    if (again) {
      again = false;
      void syncNow();
    }
  });
  return running;
}

/** One run, in turn with the other tabs of this app (tab-lock.ts); the settings are read once the turn has come. */
function runOnce(): Promise<void> {
  return withSyncLock(runLocked, () =>
    updateSyncStatus({ phase: 'syncing', error: null, progress: { direction: 'push', stage: 'wait', done: 0, total: null } })
  );
}

async function runLocked(): Promise<void> {
  const config = loadSyncConfig();
  if (!config?.enabled) return updateSyncStatus({ phase: 'off', progress: null });
  // After a reload the browser still holds a cookie session; basic auth needs the password again.
  const session: RemoteSession | null = currentSession() ?? (config.auth === 'cookie' ? { ...config, auth: 'cookie' } : null);
  if (!session) return updateSyncStatus({ phase: 'needs-sign-in', progress: null });
  // After a reload the keys come from this device's secrets store (kept-keys.ts), not from the passphrase.
  const keys = currentKeys() ?? (config.encrypted ? await keptKeys(config) : null);
  if (keys) keepKeys(keys);
  if (config.encrypted && !keys) return updateSyncStatus({ phase: 'needs-passphrase', progress: null });
  if (!isOnline()) return updateSyncStatus({ phase: 'offline', progress: null });
  const db = database();
  updateSyncStatus({ phase: 'syncing', error: null, progress: { direction: 'push', stage: 'local', done: 0, total: null } });
  try {
    await syncOffPage({ config, session, keys }, (p) =>
      updateSyncStatus({
        progress: {
          direction: p.stage === 'receive' || p.stage === 'apply' ? 'pull' : 'push',
          stage: p.stage,
          done: p.done,
          total: p.total,
          estimated: p.estimated
        }
      })
    );
    updateSyncStatus({ phase: 'idle', progress: null, lastSyncAt: Date.now(), pending: await db.outbox.count(), error: null });
  } catch (error) {
    // Turned off (in this tab or another) while the run was under way.
    if (!loadSyncConfig()?.enabled) return updateSyncStatus({ phase: 'off', progress: null });
    const status = (error as { status?: number }).status;
    if (status === 401) return updateSyncStatus({ phase: 'needs-sign-in', progress: null, error: 'The server asks to sign in again.' });
    if (!isOnline()) return updateSyncStatus({ phase: 'offline', progress: null });
    updateSyncStatus({ phase: 'error', progress: null, pending: await db.outbox.count().catch(() => null), error: describe(error) });
    later(RETRY_MS); // unless a change, reconnect or "Sync now" comes first
  }
}

/** The engine runs in a worker (worker-client.ts) so answers never queue behind it; on the page only where there are no workers. */
async function syncOffPage(target: SyncTarget, onProgress: (p: SyncProgressEvent) => void): Promise<SyncReport> {
  if (typeof Worker !== 'undefined') return syncInWorker(target, onProgress);
  const { syncOnce } = await import('./run');
  return syncOnce(database(), target, onProgress);
}

const isOnline = () => globalThis.navigator?.onLine !== false;

function describe(error: unknown): string {
  const e = error as { status?: number; message?: string; reason?: string; name?: string };
  if (e.status === 403) return 'The server refused access to this database (forbidden).';
  if (e.status === 404) return 'The database is not on the server any more.';
  if (e.status && e.status >= 500) return `The server had a problem (HTTP ${e.status}); sync will try again.`;
  // fetch() rejects with a TypeError when no answer came (server down, connection cut); PouchDB passes on its message.
  if (!e.status && (error instanceof TypeError || /failed to fetch|networkerror|load failed/i.test(e.message ?? '')))
    return 'The server did not answer (it may be down or restarting). Sync will try again.';
  return `Sync did not finish: ${String(e.reason ?? e.message ?? error).replace(/\.$/, '')}. It will try again.`;
}
