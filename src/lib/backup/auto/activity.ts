import { database, type FlashcardDatabase } from '../../db/database';
import { buildId } from '../../pwa/app-version';
import type { BackupEntry } from './catalog';
import { databaseReset, recordDatabaseState } from './database-reset.svelte';
import { BackupInterrupted } from './stable-read';
import { openOpfsStore, type BackupStore } from './store';

/** After the last answer, wait this long without another before backing up (never mid-session). */
const QUIET_MS = 10_000;
/** Hiding the page backs up changes at most this often. */
const HIDDEN_GAP_MS = 10 * 60_000;
const LAST_KEY = 'automatic-backup-last';
const STATUS_KEY = 'automatic-backup-status';

let store: Promise<BackupStore | null> | null = null;
/** The OPFS folder of automatic backups, or null where this browser has none. */
export function backupStore(): Promise<BackupStore | null> {
  store ??= openOpfsStore();
  return store;
}

let dirty = false;
let quietTimer: ReturnType<typeof setTimeout> | undefined;
let markerTimer: ReturnType<typeof setTimeout> | undefined;
let listening = false;

/**
 * Called after the study screen writes (answer, undo). Refreshes the marker (at once after an
 * undo, which makes the newest answer older) and schedules an automatic backup: the first of
 * the day once the user pauses, and another when the page is hidden after changes.
 */
export function noteStudyActivity(kind: 'answer' | 'undo'): void {
  const db = database();
  dirty = true;
  clearTimeout(markerTimer);
  markerTimer = setTimeout(() => void recordDatabaseState(db, { keepCounts: true }).catch(() => undefined), kind === 'undo' ? 0 : 1500);
  if (!listening && typeof document !== 'undefined') {
    listening = true;
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden' && dirty && Date.now() - lastBackupAt() > HIDDEN_GAP_MS) void backUpQuietly(db);
    });
  }
  clearTimeout(quietTimer);
  if (!backedUpToday()) quietTimer = setTimeout(() => whenIdle(() => void backUpQuietly(db)), QUIET_MS);
}

function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 5000 });
  else setTimeout(work, 0);
}

async function backUpQuietly(db: FlashcardDatabase): Promise<void> {
  try {
    await backUp(db, true);
  } catch (error) {
    if (error instanceof BackupInterrupted) {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => whenIdle(() => void backUpQuietly(db)), QUIET_MS);
    }
  }
}

/** "Back up now", and the automatic runs: one at a time across tabs (Web Locks). */
export async function backUpNow(db: FlashcardDatabase): Promise<BackupEntry> {
  return (await backUp(db, false))!;
}

async function backUp(db: FlashcardDatabase, automatic: boolean): Promise<BackupEntry | null> {
  if (automatic && databaseReset.loss) return null; // keep the lost collection's backups the newest
  const folder = await backupStore();
  if (!folder) {
    if (automatic) return null;
    throw new Error('automatic backups are not available in this browser');
  }
  const work = async () => {
    try {
      // Loaded on first use: the study screen's code stays small.
      const { runAutomaticBackup } = await import('./run');
      const entry = await runAutomaticBackup(db, folder, { now: Date.now(), appVersion: buildId });
      dirty = false;
      localStorage.setItem(LAST_KEY, String(entry.createdAt));
      // The backup counted every table: exact counts for the marker, at no extra cost.
      await recordDatabaseState(db, { counts: { cards: entry.totals.cards, reviews: entry.totals.reviewLogs } });
      localStorage.removeItem(STATUS_KEY);
      return entry;
    } catch (error) {
      if (!(error instanceof BackupInterrupted))
        localStorage.setItem(STATUS_KEY, JSON.stringify({ at: Date.now(), error: error instanceof Error ? error.message : String(error) }));
      throw error;
    }
  };
  if (!navigator.locks) return work();
  return navigator.locks.request('automatic-backup', automatic ? { ifAvailable: true } : {}, (lock) => (lock ? work() : null));
}

function lastBackupAt(): number {
  return Number(localStorage.getItem(LAST_KEY)) || 0;
}

function backedUpToday(): boolean {
  return new Date(lastBackupAt()).toDateString() === new Date().toDateString();
}

/** The last automatic backup that failed (not for lack of time), for the Backup page. */
export function lastFailure(): { at: number; error: string } | null {
  try {
    return JSON.parse(localStorage.getItem(STATUS_KEY) ?? 'null');
  } catch {
    return null;
  }
}
