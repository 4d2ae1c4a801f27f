import { announceChange, type DataChange } from './changes';
import { Store, type StoreName } from './stores';

/** One row a write changed: its store and key, and the deck it belongs to when it has one. */
export interface ChangedRow {
  store: StoreName;
  key: string;
  op: 'put' | 'delete';
  deckId?: string;
}

/** What one gateway transaction changed, collected as it writes and published once it commits. */
export class ChangeSet {
  readonly rows: ChangedRow[] = [];
  /** A store was cleared (restore "replace"): anything may have changed. */
  cleared = false;

  record(row: ChangedRow): void {
    this.rows.push(row);
  }

  get empty(): boolean {
    return !this.cleared && this.rows.length === 0;
  }

  /** What other tabs must re-read: the decks and cards touched, or everything after settings or a clear. */
  toDataChange(): DataChange {
    if (this.cleared || this.rows.some((r) => r.store === Store.settings)) return {};
    const deckIds = new Set<string>();
    const cardIds = new Set<string>();
    for (const r of this.rows) {
      if (r.deckId) deckIds.add(r.deckId);
      if (r.store === Store.decks) deckIds.add(r.key);
      if (r.store === Store.cards) cardIds.add(r.key);
    }
    return { deckIds: [...deckIds], ...(cardIds.size ? { cardIds: [...cardIds] } : {}) };
  }
}

type CommitListener = (changes: ChangeSet) => void;
const commitListeners = new Set<CommitListener>();

/** Calls `listener` after every gateway transaction that changed something has committed (sync schedules a push here). */
export function onLocalCommit(listener: CommitListener): () => void {
  commitListeners.add(listener);
  return () => commitListeners.delete(listener);
}

/** Called by the gateway once a transaction committed: other tabs re-read, local listeners run. */
export function publishCommitted(changes: ChangeSet): void {
  if (changes.empty) return;
  announceChange(changes.toDataChange());
  for (const listener of commitListeners) {
    try {
      listener(changes);
    } catch (error) {
      console.warn('a listener of local changes failed:', error);
    }
  }
}
