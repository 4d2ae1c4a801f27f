import { announceChange, type DataChange } from './changes';
import { Store, type StoreName } from './stores';

/** One row a write changed: its store and key, and the deck it belongs to when it has one. */
export interface ChangedRow {
  store: StoreName;
  key: string;
  op: 'put' | 'delete';
  deckId?: string;
}

/** Above this many changed rows, a change names its decks but not its cards. */
const CARD_IDS_UP_TO = 1000;

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

  /**
   * What other tabs must re-read: the decks and cards touched, or everything after settings or a
   * clear. A bulk write (an import) names its decks only: tens of thousands of card ids would be
   * cloned into the message for nothing (absent `cardIds` means any card of those decks).
   */
  toDataChange(): DataChange {
    if (this.cleared || this.rows.some((r) => r.store === Store.settings)) return {};
    const deckIds = new Set<string>();
    const cardIds = new Set<string>();
    const named = this.rows.length <= CARD_IDS_UP_TO;
    for (const r of this.rows) {
      if (r.deckId) deckIds.add(r.deckId);
      if (r.store === Store.decks) deckIds.add(r.key);
      if (named && r.store === Store.cards) cardIds.add(r.key);
    }
    return { deckIds: [...deckIds], ...(cardIds.size ? { cardIds: [...cardIds] } : {}) };
  }
}

/** Where a committed change came from: this device, or another one through sync. */
export type ChangeOrigin = 'local' | 'sync';

type CommitListener = (changes: ChangeSet, origin: ChangeOrigin) => void;
const commitListeners = new Set<CommitListener>();

/** Calls `listener` after every gateway transaction that changed something has committed (sync schedules a push here). */
export function onLocalCommit(listener: CommitListener): () => void {
  commitListeners.add(listener);
  return () => commitListeners.delete(listener);
}

/** Called by the gateway once a transaction committed: other tabs re-read, local listeners run. */
export function publishCommitted(changes: ChangeSet, origin: ChangeOrigin = 'local'): void {
  if (changes.empty) return;
  announceChange(changes.toDataChange());
  for (const listener of commitListeners) {
    try {
      listener(changes, origin);
    } catch (error) {
      console.warn('a listener of local changes failed:', error);
    }
  }
}
