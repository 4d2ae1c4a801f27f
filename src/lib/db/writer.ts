import { ChangeSet, type ChangedRow } from './change-set';
import { outboxRow, type OutboxRow } from './change-feed';
import { withDerivedColumns, type CardInput } from './derive';
import type { CardRow, DeckRow, MediaRow, ReviewLogRow, SettingRow } from './schema';
import { cardWords, indexedNow, INDEX_PROGRESS_KEY, type CardWords, type IndexProgressRow } from './search-words';
import { applyIds, applyPosting, planWords, segmentOf, type OrdinalIdsRow, type PostingRow, type StoredCardWords } from './word-postings';
import { Store, type WrittenStoreName } from './stores';

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
  /**
   * putCards for a bulk write (an import): the word index of these cards is left to the background
   * build (search-index-build.ts), which search waits for by reading every card meanwhile.
   */
  putCardsIndexLater(cards: readonly CardInput[], onProgress?: (done: number) => void): Promise<CardRow[]>;
  putCard(card: CardInput): Promise<CardRow>;
  /**
   * Puts cards whose text, tags and deleted/retired flags are as stored (an answer, its undo, a
   * replayed schedule): the word index is left alone, so answers never pay for it.
   */
  putCardSchedules(cards: readonly CardInput[]): Promise<CardRow[]>;
  /** Indexes cards written before the word index existed (search-index-build.ts), then records how far it got. */
  indexCardWords(cards: readonly CardRow[], progress: IndexProgressRow): Promise<void>;
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

/**
 * The storage operations a Writer is built on, one implementation per path (Dexie, raw). Each
 * returns the path's own promise, and `all` joins them the path's way: inside a Dexie
 * transaction only Dexie's promises keep the transaction's zone across awaits.
 */
export interface StorePrimitives {
  put(store: WrittenStoreName, rows: readonly object[], onProgress?: (done: number) => void): Promise<void>;
  /** Reads rows by key (the word index's own rows, which a write of cards updates). */
  get(store: WrittenStoreName, keys: readonly IDBValidKey[]): Promise<(object | undefined)[]>;
  /** Reads the first `limit` rows whose keys are in [low, high], in key order. */
  getRange(store: WrittenStoreName, low: IDBValidKey, high: IDBValidKey, limit: number): Promise<object[]>;
  add(store: WrittenStoreName, row: object): Promise<void>;
  delete(store: WrittenStoreName, keys: readonly IDBValidKey[]): Promise<void>;
  clear(store: WrittenStoreName): Promise<void>;
  /** Appends change-feed rows (only called while the feed is on). */
  feed(rows: readonly OutboxRow[]): Promise<void>;
  all(work: readonly Promise<unknown>[]): Promise<unknown>;
}

/** From this many cards, a write reads their stored words by key range (one request) rather than by key. */
const RANGE_READ_FROM = 256;

export class GatewayWriter implements Writer {
  readonly changes = new ChangeSet();
  /** The word index's updates, one after another: two at once would both read a posting row, and one would lose the other's ids. */
  private words: Promise<unknown> | null = null;

  constructor(
    private readonly io: StorePrimitives,
    private readonly feedOn: boolean
  ) {}

  /** Runs a write and records what it changed (and feeds it), as one promise of the path's kind. */
  private write(work: Promise<unknown>, changed: ChangedRow[]): Promise<void> {
    for (const row of changed) this.changes.record(row);
    const feed = this.feedOn && changed.length ? [this.io.feed(changed.map((row) => outboxRow(row)))] : [];
    return this.io.all([work, ...feed]).then(() => undefined);
  }

  putCards(cards: readonly CardInput[], onProgress?: (done: number) => void): Promise<CardRow[]> {
    return this.putCardRows(cards, onProgress, (rows) => this.putWords(rows));
  }

  putCardsIndexLater(cards: readonly CardInput[], onProgress?: (done: number) => void): Promise<CardRow[]> {
    return this.putCardRows(cards, onProgress, (rows) => this.leaveToBuild(rows));
  }

  /** Writes the cards with their derived columns, beside `index` (the word index now, or later). */
  private putCardRows(
    cards: readonly CardInput[],
    onProgress: ((done: number) => void) | undefined,
    index: (rows: CardRow[]) => Promise<unknown>
  ): Promise<CardRow[]> {
    const rows = cards.map(withDerivedColumns);
    return this.io
      .all([
        this.write(
          this.io.put(Store.cards, rows, onProgress),
          rows.map((c) => ({ store: Store.cards, key: c.id, op: 'put', deckId: c.deckId }))
        ),
        index(rows)
      ])
      .then(() => rows);
  }

  /** Records the cards' id range as pending in the progress row: the background build indexes it. */
  private leaveToBuild(cards: readonly CardRow[]): Promise<unknown> {
    if (!cards.length) return this.io.all([]);
    let from = cards[0].id;
    let to = cards[0].id;
    for (const { id } of cards) {
      if (id < from) from = id;
      if (id > to) to = id;
    }
    const run = () =>
      this.io.get(Store.cardWords, [INDEX_PROGRESS_KEY]).then(([row]) => {
        const progress = (row as IndexProgressRow | undefined) ?? { id: INDEX_PROGRESS_KEY, done: false };
        return this.io.put(Store.cardWords, [{ ...progress, pending: [...(progress.pending ?? []), { from, to }] }]);
      });
    this.words = this.words ? this.words.then(run) : run();
    return this.words;
  }

  putCardSchedules(cards: readonly CardInput[]): Promise<CardRow[]> {
    const rows = cards.map(withDerivedColumns);
    return this.write(
      this.io.put(Store.cards, rows),
      rows.map((c) => ({ store: Store.cards, key: c.id, op: 'put', deckId: c.deckId }))
    ).then(() => rows);
  }

  /** The word index follows the cards (word-postings.ts): deleted and retired cards leave it. */
  private putWords(cards: readonly CardRow[], building?: IndexProgressRow): Promise<unknown> {
    return this.updateWords(new Map(cards.map((c) => [c.id, cardWords(c)])), building);
  }

  /** `building`: the background build's batch (search-index-build.ts), with the progress row it reached. */
  private updateWords(next: Map<string, CardWords | null>, building?: IndexProgressRow): Promise<unknown> {
    const run = () =>
      this.io.get(Store.cardWords, [INDEX_PROGRESS_KEY]).then(([row]) => {
        const progress = row as IndexProgressRow | undefined;
        // Cards the background build has not reached yet are left to it (it compares with what is
        // stored): a first visit's deck merge skips the index. A card leaving the index (deleted,
        // retired) leaves it at once: the build would not find a deleted card to take out.
        for (const [id, words] of next) if (!building && words && !indexedNow(progress, id)) next.delete(id);
        const nextOrd = progress?.nextOrd ?? 0;
        if (!next.size) return building ? this.io.put(Store.cardWords, [{ ...building, nextOrd }]) : undefined;
        return this.indexWords(next, nextOrd).then((after) => {
          if (building) return this.io.put(Store.cardWords, [{ ...building, nextOrd: after }]);
          if (after !== nextOrd) return this.io.put(Store.cardWords, [{ ...progress!, nextOrd: after }]);
        });
      });
    this.words = this.words ? this.words.then(run) : run();
    return this.words;
  }

  /**
   * Rows of the cards' stored words. A large write (an import, a build batch) reads its key range
   * in one request instead of a request per card; at most twice its size, the rest by key (ids
   * spread over a large collection).
   */
  private storedWords(ids: string[]): Promise<Map<string, StoredCardWords>> {
    const byId = new Map<string, StoredCardWords>();
    const add = (rows: (object | undefined)[]) => {
      for (const row of rows) if (row) byId.set((row as StoredCardWords).id, row as StoredCardWords);
      return byId;
    };
    if (ids.length < RANGE_READ_FROM) return this.io.get(Store.cardWords, ids).then(add);
    let low = ids[0];
    let high = ids[0];
    for (const id of ids) {
      if (id < low) low = id;
      if (id > high) high = id;
    }
    const limit = ids.length * 2;
    return this.io.getRange(Store.cardWords, low, high, limit).then((rows) => {
      add(rows);
      if (rows.length < limit) return byId;
      const last = (rows[rows.length - 1] as StoredCardWords).id;
      return this.io
        .get(
          Store.cardWords,
          ids.filter((id) => id > last)
        )
        .then(add);
    });
  }

  /** Returns the next ordinal to give after this write. */
  private indexWords(next: Map<string, CardWords | null>, nextOrd: number): Promise<number> {
    return this.storedWords([...next.keys()]).then((stored) => {
      const plan = planWords(next, stored, nextOrd);
      const segs = [...new Set([...plan.ids.keys()].map(segmentOf))];
      return this.io
        .all([
          this.io.get(
            Store.wordPostings,
            plan.changes.map((c) => [c.word, c.seg])
          ),
          this.io.get(Store.wordIds, segs)
        ])
        .then((read) => {
          const [rows, idRows] = read as [(object | undefined)[], (object | undefined)[]];
          const put: PostingRow[] = [];
          const drop: IDBValidKey[] = [];
          plan.changes.forEach((change, i) => {
            const row = applyPosting(rows[i] as PostingRow | undefined, change);
            if (row) put.push(row);
            else drop.push([change.word, change.seg]);
          });
          const ids = applyIds(new Map(segs.map((seg, i) => [seg, idRows[i] as OrdinalIdsRow | undefined])), plan.ids);
          return this.io.all([
            this.io.put(Store.cardWords, plan.put),
            this.io.delete(Store.cardWords, plan.drop),
            this.io.put(Store.wordPostings, put),
            this.io.delete(Store.wordPostings, drop),
            this.io.put(Store.wordIds, ids)
          ]);
        })
        .then(() => plan.nextOrd);
    });
  }

  indexCardWords(cards: readonly CardRow[], progress: IndexProgressRow): Promise<void> {
    return this.putWords(cards, progress).then(() => undefined);
  }

  putCard(card: CardInput): Promise<CardRow> {
    return this.putCards([card]).then((rows) => rows[0]);
  }

  cacheCardHtml(cards: readonly CardRow[]): Promise<void> {
    return this.io.put(Store.cards, cards.map(withDerivedColumns));
  }

  deleteCards(cards: readonly Pick<CardRow, 'id' | 'deckId'>[]): Promise<void> {
    const ids = cards.map((c) => c.id);
    return this.write(
      this.io.all([this.io.delete(Store.cards, ids), this.updateWords(new Map(ids.map((id) => [id, null])))]),
      cards.map((c) => ({ store: Store.cards, key: c.id, op: 'delete', deckId: c.deckId }))
    );
  }

  addLog(log: ReviewLogRow): Promise<void> {
    return this.write(this.io.add(Store.reviewLogs, log), [{ store: Store.reviewLogs, key: log.id, op: 'put', deckId: log.deckId }]);
  }

  putLogs(logs: readonly ReviewLogRow[], onProgress?: (done: number) => void): Promise<void> {
    return this.write(
      this.io.put(Store.reviewLogs, logs, onProgress),
      logs.map((l) => ({ store: Store.reviewLogs, key: l.id, op: 'put', deckId: l.deckId }))
    );
  }

  deleteLog(log: Pick<ReviewLogRow, 'id' | 'deckId'>): Promise<void> {
    return this.write(this.io.delete(Store.reviewLogs, [log.id]), [{ store: Store.reviewLogs, key: log.id, op: 'delete', deckId: log.deckId }]);
  }

  putDecks(decks: readonly DeckRow[]): Promise<void> {
    return this.write(
      this.io.put(Store.decks, decks),
      decks.map((d) => ({ store: Store.decks, key: d.id, op: 'put', deckId: d.id }))
    );
  }

  deleteDeck(id: string): Promise<void> {
    return this.write(this.io.delete(Store.decks, [id]), [{ store: Store.decks, key: id, op: 'delete', deckId: id }]);
  }

  putSetting(key: string, value: unknown): Promise<void> {
    return this.putSettings([{ key, value }]);
  }

  putSettings(rows: readonly SettingRow[]): Promise<void> {
    return this.write(
      this.io.put(Store.settings, rows),
      rows.map((r) => ({ store: Store.settings, key: r.key, op: 'put' }))
    );
  }

  deleteSetting(key: string): Promise<void> {
    return this.write(this.io.delete(Store.settings, [key]), [{ store: Store.settings, key, op: 'delete' }]);
  }

  putMedia(rows: readonly MediaRow[]): Promise<void> {
    return this.write(
      this.io.put(Store.media, rows),
      rows.map((m) => ({ store: Store.media, key: m.id, op: 'put', deckId: m.deckId }))
    );
  }

  deleteMedia(rows: readonly Pick<MediaRow, 'id' | 'deckId'>[]): Promise<void> {
    return this.write(
      this.io.delete(
        Store.media,
        rows.map((m) => m.id)
      ),
      rows.map((m) => ({ store: Store.media, key: m.id, op: 'delete', deckId: m.deckId }))
    );
  }

  clearAll(): Promise<void> {
    const stores = [Store.decks, Store.cards, Store.reviewLogs, Store.settings, Store.media] as const;
    this.changes.cleared = true;
    const feed = this.feedOn ? [this.io.feed(stores.map((store) => ({ store, key: '', op: 'clear' as const, at: Date.now() })))] : [];
    // The word index is emptied with the cards and complete (every card written after this is indexed as it is written).
    // Its ordinals go on from where they were: one is never given twice (search-ids.ts caches the ids by ordinal).
    const index = this.io
      .get(Store.cardWords, [INDEX_PROGRESS_KEY])
      .then(([row]) =>
        this.io
          .all([this.io.clear(Store.cardWords), this.io.clear(Store.wordPostings), this.io.clear(Store.wordIds)])
          .then(() => this.io.put(Store.cardWords, [{ id: INDEX_PROGRESS_KEY, done: true, nextOrd: (row as IndexProgressRow | undefined)?.nextOrd ?? 0 }]))
      );
    return this.io.all([...stores.map((s) => this.io.clear(s)), index, ...feed]).then(() => undefined);
  }
}
