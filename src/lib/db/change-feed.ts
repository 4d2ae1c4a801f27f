import type { ChangedRow } from './change-set';
import type { StoreName } from './stores';

/**
 * The change feed: while it is on, every gateway transaction also appends one `outbox` row per
 * changed row, in the same transaction, so the feed can never miss a committed change or hold
 * one that rolled back, even when the tab is killed. Sync reads it in `seq` order to push and
 * deletes what it pushed. Off (nothing recorded) until sync is turned on on this device: sync's
 * first run reads the whole collection instead.
 *
 * The switch is in localStorage so every tab sees it synchronously at the start of a write.
 */
export interface OutboxRow {
  /** Order of commit on this device (auto-increment). */
  seq?: number;
  store: StoreName;
  /** The row's key; empty for `clear`. */
  key: string;
  op: 'put' | 'delete' | 'clear';
  deckId?: string;
}

const FEED_KEY = 'interview-flashcards:change-feed';

export function changeFeedOn(): boolean {
  try {
    return globalThis.localStorage?.getItem(FEED_KEY) === 'on';
  } catch {
    return false; // storage blocked: no feed (sync reconciles by reading everything)
  }
}

export function setChangeFeed(on: boolean): void {
  if (on) localStorage.setItem(FEED_KEY, 'on');
  else localStorage.removeItem(FEED_KEY);
}

export function outboxRow(row: ChangedRow): OutboxRow {
  return { store: row.store, key: row.key, op: row.op, ...(row.deckId ? { deckId: row.deckId } : {}) };
}
