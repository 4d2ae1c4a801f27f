// What the sync engine reports and the Settings → Sync screen (and later a small indicator) shows.
// The engine calls updateSyncStatus(); screens subscribe to syncStatus (a Svelte store). The time
// of the last completed sync survives reloads (localStorage); the rest describes this page.
import { get, writable, type Readable } from 'svelte/store';

export type SyncPhase =
  /** sync is not set up or turned off */
  | 'off'
  /** set up and waiting for the next trigger (open, answers, reconnect, "Sync now") */
  | 'idle'
  /** pushing or pulling now (see progress) */
  | 'syncing'
  /** the device is offline; sync resumes on reconnect */
  | 'offline'
  /** the server session ended (cookie expired, or a basic-auth password not entered this visit) */
  | 'needs-sign-in'
  /** the database is encrypted and this visit has no key yet */
  | 'needs-passphrase'
  /** the last attempt failed; `error` says why */
  | 'error';

export interface SyncProgress {
  direction: 'push' | 'pull';
  /** wait: another tab is syncing; local: this device's changes into sync's local copy; send/receive: with the server; apply: into the app's database. */
  stage?: 'wait' | 'local' | 'send' | 'receive' | 'apply';
  done: number;
  /** null while the total is not known yet */
  total: number | null;
  /** The total is worked out from sequence numbers (a server that does not report `pending`), not counted: shown as "about". */
  estimated?: boolean;
}

export interface SyncStatus {
  phase: SyncPhase;
  /** ms since the epoch of the last sync that finished without error, or null if never */
  lastSyncAt: number | null;
  /** local changes not yet on the server; null when not counted yet */
  pending: number | null;
  progress: SyncProgress | null;
  /** the last failure in words, for the screen; null after a success */
  error: string | null;
}

const LAST_SYNC_KEY = 'flashcards-sync-last';

function storedLastSync(): number | null {
  try {
    const value = Number(globalThis.localStorage?.getItem(LAST_SYNC_KEY));
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

const store = writable<SyncStatus>({ phase: 'off', lastSyncAt: storedLastSync(), pending: null, progress: null, error: null });

export const syncStatus: Readable<SyncStatus> = { subscribe: store.subscribe };

export function getSyncStatus(): SyncStatus {
  return get(store);
}

export function updateSyncStatus(patch: Partial<SyncStatus>): void {
  store.update((status) => ({ ...status, ...patch }));
  if (patch.lastSyncAt !== undefined) {
    try {
      if (patch.lastSyncAt === null) globalThis.localStorage?.removeItem(LAST_SYNC_KEY);
      else globalThis.localStorage?.setItem(LAST_SYNC_KEY, String(patch.lastSyncAt));
    } catch {
      // storage blocked: the time is still shown for this visit
    }
  }
}
