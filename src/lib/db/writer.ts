import { ChangeSet, type ChangedRow } from './change-set';
import { outboxRow, type OutboxRow } from './change-feed';
import { withDerivedColumns, type CardInput } from './derive';
import type { CardRow, DeckRow, MediaRow, ReviewLogRow, SettingRow } from './schema';
import { Store, type DataStoreName } from './stores';

/**
 * The write gateway's one interface: every write of user data, in every module, is a call on a
 * Writer handed out by `transact` (gateway.ts, Dexie) or `transactRaw` (gateway-raw.ts, plain
 * IndexedDB for the hot paths). A Writer computes derived columns (derive.ts), records what
 * changed (published to other tabs and local listeners once the transaction commits) and, while
 * the change feed is on, appends the feed's rows in the same transaction (change-feed.ts).
 */
export interface Writer {
  /** Puts cards with their derived columns computed; returns the rows as stored. */
  putCards(cards: readonly CardInput[], onProgress?: (done: number) => void): Promise<CardRow[]>;
  putCard(card: CardInput): Promise<CardRow>;
  /**
   * Stores cards whose only change is their cached HTML (`rendered`): not a change of the user's
   * data, so nothing is announced or fed to sync.
   */
  cacheCardHtml(cards: readonly CardRow[]): Promise<void>;
  /** Removes card rows for good (a deleted deck's cards; a user's deletion of a card is a flag). */
  deleteCards(cards: readonly Pick<CardRow, 'id' | 'deckId'>[]): Promise<void>;
  /** Adds one answer; fails if a row with its id exists (a log row is never overwritten). */
  addLog(log: ReviewLogRow): Promise<void>;
  /** Adds or puts many log rows (restore, merge). */
  putLogs(logs: readonly ReviewLogRow[], onProgress?: (done: number) => void): Promise<void>;
  /** Undo of an answer: the only removal of a log row. */
  deleteLog(log: Pick<ReviewLogRow, 'id' | 'deckId'>): Promise<void>;
  putDecks(decks: readonly DeckRow[]): Promise<void>;
  deleteDeck(id: string): Promise<void>;
  putSetting(key: string, value: unknown): Promise<void>;
  putSettings(rows: readonly SettingRow[]): Promise<void>;
  deleteSetting(key: string): Promise<void>;
  putMedia(rows: readonly MediaRow[]): Promise<void>;
  deleteMedia(rows: readonly Pick<MediaRow, 'id' | 'deckId'>[]): Promise<void>;
  /** Empties every data store (restore "replace"). */
  clearAll(): Promise<void>;
}

/** The storage operations a Writer is built on, one implementation per path (Dexie, raw). */
export interface StorePrimitives {
  put(store: DataStoreName, rows: readonly object[], onProgress?: (done: number) => void): Promise<void>;
  add(store: DataStoreName, row: object): Promise<void>;
  delete(store: DataStoreName, keys: readonly string[]): Promise<void>;
  clear(store: DataStoreName): Promise<void>;
  /** Appends change-feed rows (only called while the feed is on). */
  feed(rows: readonly OutboxRow[]): Promise<void>;
}

export class GatewayWriter implements Writer {
  readonly changes = new ChangeSet();

  constructor(
    private readonly io: StorePrimitives,
    private readonly feedOn: boolean
  ) {}

  private record(rows: ChangedRow[]): Promise<void> {
    for (const row of rows) this.changes.record(row);
    return this.feedOn && rows.length ? this.io.feed(rows.map(outboxRow)) : Promise.resolve();
  }

  async putCards(cards: readonly CardInput[], onProgress?: (done: number) => void): Promise<CardRow[]> {
    const rows = cards.map(withDerivedColumns);
    await Promise.all([
      this.io.put(Store.cards, rows, onProgress),
      this.record(rows.map((c) => ({ store: Store.cards, key: c.id, op: 'put', deckId: c.deckId })))
    ]);
    return rows;
  }

  async putCard(card: CardInput): Promise<CardRow> {
    return (await this.putCards([card]))[0];
  }

  async cacheCardHtml(cards: readonly CardRow[]): Promise<void> {
    await this.io.put(Store.cards, cards.map(withDerivedColumns));
  }

  async deleteCards(cards: readonly Pick<CardRow, 'id' | 'deckId'>[]): Promise<void> {
    await Promise.all([
      this.io.delete(
        Store.cards,
        cards.map((c) => c.id)
      ),
      this.record(cards.map((c) => ({ store: Store.cards, key: c.id, op: 'delete', deckId: c.deckId })))
    ]);
  }

  async addLog(log: ReviewLogRow): Promise<void> {
    await Promise.all([this.io.add(Store.reviewLogs, log), this.record([{ store: Store.reviewLogs, key: log.id, op: 'put', deckId: log.deckId }])]);
  }

  async putLogs(logs: readonly ReviewLogRow[], onProgress?: (done: number) => void): Promise<void> {
    await Promise.all([
      this.io.put(Store.reviewLogs, logs, onProgress),
      this.record(logs.map((l) => ({ store: Store.reviewLogs, key: l.id, op: 'put', deckId: l.deckId })))
    ]);
  }

  async deleteLog(log: Pick<ReviewLogRow, 'id' | 'deckId'>): Promise<void> {
    await Promise.all([this.io.delete(Store.reviewLogs, [log.id]), this.record([{ store: Store.reviewLogs, key: log.id, op: 'delete', deckId: log.deckId }])]);
  }

  async putDecks(decks: readonly DeckRow[]): Promise<void> {
    await Promise.all([this.io.put(Store.decks, decks), this.record(decks.map((d) => ({ store: Store.decks, key: d.id, op: 'put', deckId: d.id })))]);
  }

  async deleteDeck(id: string): Promise<void> {
    await Promise.all([this.io.delete(Store.decks, [id]), this.record([{ store: Store.decks, key: id, op: 'delete', deckId: id }])]);
  }

  putSetting(key: string, value: unknown): Promise<void> {
    return this.putSettings([{ key, value }]);
  }

  async putSettings(rows: readonly SettingRow[]): Promise<void> {
    await Promise.all([this.io.put(Store.settings, rows), this.record(rows.map((r) => ({ store: Store.settings, key: r.key, op: 'put' })))]);
  }

  async deleteSetting(key: string): Promise<void> {
    await Promise.all([this.io.delete(Store.settings, [key]), this.record([{ store: Store.settings, key, op: 'delete' }])]);
  }

  async putMedia(rows: readonly MediaRow[]): Promise<void> {
    await Promise.all([this.io.put(Store.media, rows), this.record(rows.map((m) => ({ store: Store.media, key: m.id, op: 'put', deckId: m.deckId })))]);
  }

  async deleteMedia(rows: readonly Pick<MediaRow, 'id' | 'deckId'>[]): Promise<void> {
    await Promise.all([
      this.io.delete(
        Store.media,
        rows.map((m) => m.id)
      ),
      this.record(rows.map((m) => ({ store: Store.media, key: m.id, op: 'delete', deckId: m.deckId })))
    ]);
  }

  async clearAll(): Promise<void> {
    const stores = [Store.decks, Store.cards, Store.reviewLogs, Store.settings, Store.media] as const;
    this.changes.cleared = true;
    await Promise.all([
      ...stores.map((s) => this.io.clear(s)),
      this.feedOn ? this.io.feed(stores.map((store) => ({ store, key: '', op: 'clear' }))) : undefined
    ]);
  }
}
