/**
 * The BASELINE side of the benchmark and the (unmeasured) population step: raw IndexedDB, no
 * Dexie and no app code, doing the minimal work equivalent to what the app does. Runs in the page
 * (bundled into the harness).
 */
import type { CardRow, ReviewLogRow } from '../../src/lib/db/schema';
import { cardWords } from '../../src/lib/db/search-words';
import { SEGMENT_BITS, SEGMENT_SIZE } from '../../src/lib/db/word-postings';
import { BENCH_SETTINGS, benchDeckRows, generateCollection, type GenerateOptions } from './generate';

export const APP_DB = 'interview-flashcards';
export const SCRATCH_DB = 'bench-scratch';

/** Queue values as numbers (src/lib/db/schema.ts Queue). */
const NEW = 0;
const LEARNING = 1;
const REVIEW = 2;

export function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

/** Opens an existing database at its current version (the app created the schema). */
export function openExisting(name = APP_DB): Promise<IDBDatabase> {
  return request(indexedDB.open(name));
}

/**
 * A scratch database with the app's cards/reviewLogs/decks/settings schema (same index names as
 * Dexie's); `noteIdIndex`: with the cards' noteId index too, as the app has it since schema v3.
 */
export async function openScratch({ noteIdIndex = false } = {}): Promise<IDBDatabase> {
  await request(indexedDB.deleteDatabase(SCRATCH_DB) as IDBRequest<unknown>);
  const open = indexedDB.open(SCRATCH_DB, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore('decks', { keyPath: 'id' }).createIndex('position', 'position');
    const cards = db.createObjectStore('cards', { keyPath: 'id' });
    cards.createIndex('deckId', 'deckId');
    cards.createIndex('[deckId+queue+due]', ['deckId', 'queue', 'due']);
    cards.createIndex('[deckId+queue+ord]', ['deckId', 'queue', 'ord']);
    cards.createIndex('[queue+due]', ['queue', 'due']);
    cards.createIndex('tags', 'tags', { multiEntry: true });
    if (noteIdIndex) cards.createIndex('noteId', 'noteId');
    const logs = db.createObjectStore('reviewLogs', { keyPath: 'id' });
    logs.createIndex('[cardId+review]', ['cardId', 'review']);
    logs.createIndex('[deckId+review]', ['deckId', 'review']);
    logs.createIndex('review', 'review');
    db.createObjectStore('settings', { keyPath: 'key' });
    db.createObjectStore('media', { keyPath: 'id' }).createIndex('deckId', 'deckId');
  };
  return request(open);
}

export async function dropScratch(): Promise<void> {
  await request(indexedDB.deleteDatabase(SCRATCH_DB) as IDBRequest<unknown>);
}

/** Population (not measured as a figure): decks, settings, then cards and logs in batches. */
export async function populate(
  opts: GenerateOptions,
  prepare: (card: CardRow) => CardRow = (card) => card
): Promise<{ cards: number; logs: number; generateMs: number; ms: number }> {
  const t0 = performance.now();
  const db = await openExisting();
  try {
    const meta = db.transaction(['decks', 'settings'], 'readwrite');
    for (const deck of benchDeckRows()) meta.objectStore('decks').put(deck);
    const settings = meta.objectStore('settings');
    const current = await request(settings.get('study'));
    settings.put({ key: 'study', value: { ...((current?.value as object) ?? {}), ...BENCH_SETTINGS } });
    await done(meta);
    let cards = 0;
    let logs = 0;
    let generateMs = 0;
    // Ordinals for the word index (word-postings.ts), reserved in whole segments above the app's own
    // (the built-in decks the app indexes meanwhile), so neither writes the other's rows.
    const base = await reserveOrdinals(db, opts.cards);
    let ord = base;
    // One transaction in flight while the next batch is generated (IndexedDB commits off the main thread).
    let inFlight: Promise<void> = Promise.resolve();
    const postings = new Map<string, number[]>();
    const ids: string[] = [];
    const batches = generateCollection(opts);
    for (;;) {
      const g0 = performance.now();
      const next = batches.next();
      generateMs += performance.now() - g0;
      if (next.done) break;
      const batch = next.value;
      const g1 = performance.now();
      const rows = batch.cards.map(prepare);
      generateMs += performance.now() - g1;
      await inFlight;
      const tx = db.transaction(['cards', 'reviewLogs', 'cardWords'], 'readwrite');
      const cardStore = tx.objectStore('cards');
      const logStore = tx.objectStore('reviewLogs');
      // The word index as the app's gateway keeps it: rows per card now, posting lists at the end.
      const wordStore = tx.objectStore('cardWords');
      for (const card of rows) {
        cardStore.put(card);
        const words = cardWords(card);
        if (!words) continue;
        const own = ord++;
        ids[own - base] = card.id;
        wordStore.put({ id: card.id, ord: own, words: words.words.join(' ') });
        const seg = own >>> SEGMENT_BITS;
        for (const word of words.words) {
          const key = `${word}\u0000${seg}`;
          const list = postings.get(key);
          if (list) list.push(own);
          else postings.set(key, [own]);
        }
      }
      for (const log of batch.logs) logStore.put(log);
      inFlight = done(tx);
      cards += batch.cards.length;
      logs += batch.logs.length;
    }
    await inFlight;
    const ptx = db.transaction(['wordPostings', 'wordIds'], 'readwrite');
    for (const [key, ords] of postings) {
      const [word, seg] = key.split('\u0000');
      ptx.objectStore('wordPostings').put({ word, seg: Number(seg), ords: Uint32Array.from(ords) });
    }
    for (let at = 0; at < ids.length; at += SEGMENT_SIZE) {
      const seg = (base + at) >>> SEGMENT_BITS;
      ptx.objectStore('wordIds').put({ seg, ids: Array.from(ids.slice(at, at + SEGMENT_SIZE), (id) => id ?? '') });
    }
    await done(ptx);
    return { cards, logs, generateMs, ms: performance.now() - t0 };
  } finally {
    db.close();
  }
}

/** Takes `count` ordinals of the word index from its progress row, from a segment boundary to another; returns the first. */
async function reserveOrdinals(db: IDBDatabase, count: number): Promise<number> {
  const align = (n: number) => Math.ceil(n / SEGMENT_SIZE) * SEGMENT_SIZE;
  const tx = db.transaction('cardWords', 'readwrite');
  const store = tx.objectStore('cardWords');
  const progress = ((await request(store.get(''))) as { id: ''; done: boolean; nextOrd?: number } | undefined) ?? { id: '', done: false };
  const base = align(progress.nextOrd ?? 0);
  store.put({ ...progress, nextOrd: align(base + count) });
  await done(tx);
  return base;
}

/** Secondary indexes of the cards store, as Dexie declares them in src/lib/db/database.ts. */
const CARD_INDEXES: [string, string | string[], IDBIndexParameters?][] = [
  ['deckId', 'deckId'],
  ['[deckId+queue+due]', ['deckId', 'queue', 'due']],
  ['[deckId+queue+ord]', ['deckId', 'queue', 'ord']],
  ['[queue+due]', ['queue', 'due']],
  ['tags', 'tags', { multiEntry: true }]
];

/**
 * What-if for import: the same rows put into a cards store with only some of the app's secondary
 * indexes, to show how much of a bulk put is index maintenance. `keep` names the indexes kept.
 */
export async function rawBulkPutWithIndexes(opts: GenerateOptions, keep: string[]): Promise<{ cards: number; ms: number; indexes: string[] }> {
  const rows: CardRow[] = [];
  for (const batch of generateCollection({ ...opts, contentOnly: true, batchSize: 10_000 })) rows.push(...batch.cards);
  await request(indexedDB.deleteDatabase(SCRATCH_DB) as IDBRequest<unknown>);
  const open = indexedDB.open(SCRATCH_DB, 1);
  open.onupgradeneeded = () => {
    const store = open.result.createObjectStore('cards', { keyPath: 'id' });
    for (const [name, keyPath, params] of CARD_INDEXES) if (keep.includes(name)) store.createIndex(name, keyPath, params);
  };
  const db = await request(open);
  try {
    const t0 = performance.now();
    const tx = db.transaction('cards', 'readwrite');
    const store = tx.objectStore('cards');
    for (const row of rows) store.put(row);
    await done(tx);
    return { cards: rows.length, ms: performance.now() - t0, indexes: keep };
  } finally {
    db.close();
    await dropScratch();
  }
}

/** A way to write many rows with raw IndexedDB: all in one transaction or `chunk` rows per transaction, with a durability. */
export interface WriteStrategy {
  name: string;
  chunk?: number;
  durability?: IDBTransactionDurability;
}

/** The raw strategies the import is compared with (the fastest of them in the same run is the baseline). */
export const WRITE_STRATEGIES: WriteStrategy[] = [
  { name: 'one transaction' },
  { name: 'one transaction, relaxed', durability: 'relaxed' },
  { name: 'one transaction, strict', durability: 'strict' },
  { name: 'transactions of 5,000', chunk: 5000 },
  { name: 'transactions of 5,000, relaxed', chunk: 5000, durability: 'relaxed' }
];

/**
 * BASELINE for import: the same card rows (and one deck row) put into an empty database with the
 * app's indexes, by `strategy`: one transaction, or one per chunk issued back to back (IndexedDB
 * queues them), each with the strategy's durability.
 */
export async function rawBulkPut(
  opts: GenerateOptions,
  strategy: WriteStrategy = WRITE_STRATEGIES[0]
): Promise<{ cards: number; ms: number; strategy: string }> {
  const rows: CardRow[] = [];
  for (const batch of generateCollection({ ...opts, contentOnly: true, batchSize: 10_000 })) rows.push(...batch.cards);
  for (const row of rows) row.deckId = 'bench-import';
  const deck = { id: 'bench-import', title: 'Import', description: '', source: 'import', hash: 'x', position: 0 };
  return putByStrategy(await openScratch(), [deck], rows, strategy);
}

/** Puts `decks` and `rows` into `db` by `strategy`, timed; closes it after, and drops it when it is the scratch database. */
async function putByStrategy(
  db: IDBDatabase,
  decks: object[],
  rows: CardRow[],
  strategy: WriteStrategy
): Promise<{ cards: number; ms: number; strategy: string }> {
  const scratch = db.name === SCRATCH_DB;
  try {
    const t0 = performance.now();
    const chunk = strategy.chunk ?? rows.length;
    const commits: Promise<void>[] = [];
    for (let at = 0; at < rows.length; at += chunk) {
      const tx = db.transaction(['decks', 'cards'], 'readwrite', { durability: strategy.durability ?? 'default' });
      if (at === 0) for (const deck of decks) tx.objectStore('decks').put(deck);
      const store = tx.objectStore('cards');
      for (let i = at; i < Math.min(at + chunk, rows.length); i++) store.put(rows[i]);
      commits.push(done(tx));
    }
    await Promise.all(commits);
    return { cards: rows.length, ms: performance.now() - t0, strategy: strategy.name };
  } finally {
    db.close();
    if (scratch) await dropScratch();
  }
}

/** Where a raw put of the imported rows writes: the app's own database, as the import must, or an empty database of its own. */
export type RawTarget = 'app' | 'scratch';

let importedRows: { decks: { id: string }[]; rows: CardRow[] } | null = null;

/**
 * BASELINE for import (the ratio's, docs/BENCHMARK.md §29, §34): the card rows the app's import
 * stored, read back from the app's database with every column the app gave them (not timed), in
 * key order, put by `strategy` into `into`: the app's database (of a profile that does not hold
 * them yet), where an import writes, or an empty database with the app's card indexes. The same
 * keys, values and index entries, with none of the app's work around the puts. rawBulkPut's
 * generated rows stay as a reference: their short ids cost the storage less than an import's (§18).
 */
export async function rawPutImportedRows(
  strategy: WriteStrategy = WRITE_STRATEGIES[0],
  settleMs = 0,
  into: RawTarget = 'scratch'
): Promise<{ cards: number; ms: number; strategy: string }> {
  const { decks, rows } = (importedRows ??= await readImportedRows());
  // As before the app's write (flows.ts SETTLE_MS): what the reads and earlier writes left to the storage settles first.
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return putByStrategy(into === 'app' ? await openExisting() : await openScratch({ noteIdIndex: true }), decks, rows, strategy);
}

/** The imported decks and their cards as the app stored them (every deck not built in). */
export async function readImportedRows(): Promise<{ decks: { id: string }[]; rows: CardRow[] }> {
  const app = await openExisting();
  try {
    const tx = app.transaction(['decks', 'cards'], 'readonly');
    const decks = ((await request(tx.objectStore('decks').getAll())) as { id: string; source?: string }[]).filter((d) => d.source !== 'builtin');
    const byDeck = tx.objectStore('cards').index('deckId');
    const rows: CardRow[] = [];
    for (const deck of decks) rows.push(...((await request(byDeck.getAll(deck.id))) as CardRow[]));
    return { decks, rows };
  } finally {
    app.close();
  }
}

/** Rows another profile's import stored (readImportedRows there), for rawPutImportedRows here: the raw put in a profile of its own. */
export function useImportedRows(rows: { decks: { id: string }[]; rows: CardRow[] }): void {
  importedRows = rows;
}

function firstValue<T>(source: IDBIndex, range: IDBKeyRange): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const r = source.openCursor(range);
    r.onsuccess = () => resolve(r.result ? (r.result.value as T) : undefined);
    r.onerror = () => reject(r.error);
  });
}

const dueRange = (deckId: string, queue: number, to: number) => IDBKeyRange.bound([deckId, queue, -Infinity], [deckId, queue, to], false, true);
const allRange = (deckId: string, queue: number) => IDBKeyRange.bound([deckId, queue, -Infinity], [deckId, queue, Infinity]);

/**
 * BASELINE for building today's queue of one deck: in one read transaction, the range queries on
 * [deckId+queue+due] that find the next due learning and review card and count learning, review
 * and new cards for the header. (The app additionally reads today's logs for the daily limits.)
 */
export async function rawQueue(db: IDBDatabase, deckId: string, now: number, dayEnd: number) {
  const t0 = performance.now();
  const tx = db.transaction('cards', 'readonly');
  const index = tx.objectStore('cards').index('[deckId+queue+due]');
  const [learning, review, learningCount, reviewCount, newCount] = await Promise.all([
    firstValue<CardRow>(index, dueRange(deckId, LEARNING, now + 1)),
    firstValue<CardRow>(index, dueRange(deckId, REVIEW, dayEnd)),
    request(index.count(dueRange(deckId, LEARNING, dayEnd))),
    request(index.count(dueRange(deckId, REVIEW, dayEnd))),
    request(index.count(allRange(deckId, NEW)))
  ]);
  const ms = performance.now() - t0;
  return { ms, cardId: (learning ?? review)?.id ?? null, learningCount, reviewCount, newCount };
}

/** BASELINE for the deck list: the three counts of every deck in one read transaction. */
export async function rawDeckCounts(db: IDBDatabase, deckIds: string[], dayEnd: number) {
  const t0 = performance.now();
  const tx = db.transaction('cards', 'readonly');
  const index = tx.objectStore('cards').index('[deckId+queue+due]');
  const counts = await Promise.all(
    deckIds.map((id) =>
      Promise.all([
        request(index.count(allRange(id, NEW))),
        request(index.count(dueRange(id, LEARNING, dayEnd))),
        request(index.count(dueRange(id, REVIEW, dayEnd)))
      ])
    )
  );
  return { ms: performance.now() - t0, counts };
}

/**
 * BASELINE for the deck list as the app reads it (src/lib/srs/deck-list-counts.ts, limitedCountsIn): per
 * deck, today's three log counts, the learning count, then the new and review queues' keys only up
 * to what today's limits leave, all in one read transaction. rawDeckCounts counts the queues whole.
 */
export async function rawDeckListCounts(
  db: IDBDatabase,
  deckIds: string[],
  dayStart: number,
  dayEnd: number,
  limits: { newPerDay: number; reviewsPerDay: number }
) {
  const t0 = performance.now();
  const tx = db.transaction(['cards', 'reviewLogs'], 'readonly');
  const cards = tx.objectStore('cards').index('[deckId+queue+due]');
  const logs = tx.objectStore('reviewLogs');
  const answered = (deckId: string, state: number) =>
    request(logs.index('[deckId+state+review]').count(IDBKeyRange.bound([deckId, state, dayStart], [deckId, state, []])));
  // As the app does: keys up to the limit, or the range counted whole above 1,000 (READ_KEYS_UP_TO).
  const upTo = (range: IDBKeyRange, cap: number) =>
    cap <= 0
      ? Promise.resolve(0)
      : cap > 1000
        ? request(cards.count(range)).then((n) => Math.min(n, cap))
        : request(cards.getAllKeys(range, cap)).then((keys) => keys.length);
  const counts = await Promise.all(
    deckIds.map(async (deckId) => {
      const total = request(logs.index('[deckId+review]').count(IDBKeyRange.bound([deckId, dayStart], [deckId, []])));
      const learning = request(cards.count(dueRange(deckId, LEARNING, dayEnd)));
      const [introduced, reviewed] = await Promise.all([answered(deckId, NEW), answered(deckId, REVIEW)]);
      const [fresh, reviews] = await Promise.all([
        upTo(allRange(deckId, NEW), limits.newPerDay - introduced),
        upTo(dueRange(deckId, REVIEW, dayEnd), limits.reviewsPerDay - reviewed)
      ]);
      return [fresh, await learning, reviews, await total];
    })
  );
  return { ms: performance.now() - t0, counts };
}

/**
 * BASELINE for one answer: one put of the card plus one log row in one read-write transaction.
 * The log rows written here are removed afterwards by rawCleanupLogs (not measured).
 */
export async function rawAnswer(db: IDBDatabase, card: CardRow, log: ReviewLogRow): Promise<number> {
  const t0 = performance.now();
  const tx = db.transaction(['cards', 'reviewLogs'], 'readwrite');
  tx.objectStore('cards').put(card);
  tx.objectStore('reviewLogs').put(log);
  await done(tx);
  return performance.now() - t0;
}

/**
 * FLOOR for answer -> next question on this database: what any app must do at the least, in one
 * read-write transaction with the app's durability (the default): put the answered card and its
 * log row, then read the next card (the first due learning card, the first review due today and
 * the first new card in deck order, single-row index reads as the app makes them), and wait for
 * the commit. `painted` adds the next animation frame, as the answer probe's "painted" does, so
 * the two figures compare directly with the app's. No rendering, scheduling or disk check.
 */
export async function rawAnswerFloor(
  db: IDBDatabase,
  card: CardRow,
  log: ReviewLogRow,
  deckId: string,
  now: number,
  dayEnd: number
): Promise<{ ms: number; painted: number; nextId: string | null }> {
  const t0 = performance.now();
  const tx = db.transaction(['cards', 'reviewLogs'], 'readwrite');
  tx.objectStore('cards').put(card);
  tx.objectStore('reviewLogs').add(log);
  const byDue = tx.objectStore('cards').index('[deckId+queue+due]');
  const first = (index: IDBIndex, range: IDBKeyRange) => request(index.getAll(range, 1)).then((rows) => rows[0] as CardRow | undefined);
  const next = Promise.all([
    first(byDue, dueRange(deckId, LEARNING, now + 1)),
    first(byDue, dueRange(deckId, REVIEW, dayEnd)),
    first(tx.objectStore('cards').index('[deckId+queue+ord]'), allRange(deckId, NEW))
  ]);
  await done(tx);
  const [learning, review, fresh] = await next;
  const ms = performance.now() - t0;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return { ms, painted: performance.now() - t0, nextId: (learning ?? review ?? fresh)?.id ?? null };
}

export async function rawCleanupLogs(db: IDBDatabase, ids: string[]): Promise<void> {
  const tx = db.transaction('reviewLogs', 'readwrite');
  for (const id of ids) tx.objectStore('reviewLogs').delete(id);
  await done(tx);
}

export async function rawGetCard(db: IDBDatabase, id: string): Promise<CardRow | undefined> {
  return request(db.transaction('cards').objectStore('cards').get(id));
}

const BACKUP_STORES = ['decks', 'cards', 'reviewLogs', 'settings'] as const;

/** BASELINE for backup export: read every row of the data stores and serialize them to one JSON Blob. */
export async function rawExport(): Promise<{ ms: number; bytes: number; rows: number }> {
  const db = await openExisting();
  try {
    const t0 = performance.now();
    const tx = db.transaction([...BACKUP_STORES], 'readonly');
    const all = await Promise.all(BACKUP_STORES.map((s) => request(tx.objectStore(s).getAll())));
    const data = Object.fromEntries(BACKUP_STORES.map((s, i) => [s, all[i]]));
    const blob = new Blob([JSON.stringify(data)], { type: 'application/json' });
    const ms = performance.now() - t0;
    return { ms, bytes: blob.size, rows: all.reduce((n, rows) => n + rows.length, 0) };
  } finally {
    db.close();
  }
}

/** BASELINE for restore: parse that JSON and put every row into an empty database with the same schema, in one transaction. */
export async function rawRestore(): Promise<{ ms: number; rows: number }> {
  const source = await openExisting();
  let json: string;
  try {
    const tx = source.transaction([...BACKUP_STORES], 'readonly');
    const all = await Promise.all(BACKUP_STORES.map((s) => request(tx.objectStore(s).getAll())));
    json = JSON.stringify(Object.fromEntries(BACKUP_STORES.map((s, i) => [s, all[i]])));
  } finally {
    source.close();
  }
  const db = await openScratch();
  try {
    const t0 = performance.now();
    const data = JSON.parse(json) as Record<string, unknown[]>;
    const tx = db.transaction([...BACKUP_STORES], 'readwrite');
    let rows = 0;
    for (const s of BACKUP_STORES) {
      const store = tx.objectStore(s);
      for (const row of data[s]) {
        store.put(row);
        rows++;
      }
    }
    await done(tx);
    return { ms: performance.now() - t0, rows };
  } finally {
    db.close();
    await dropScratch();
  }
}

/**
 * BASELINE for the Anki package import: `cards` new card rows and `logs` review-log rows shaped
 * like the app's (the same fields, a `before` schedule each), put into a scratch database with the
 * app's indexes in one transaction, as the import writes them.
 */
export async function rawCardsAndLogsPut(opts: GenerateOptions & { logs: number }): Promise<{ cards: number; logs: number; ms: number }> {
  const rows: CardRow[] = [];
  for (const batch of generateCollection({ ...opts, contentOnly: true, batchSize: 10_000 })) rows.push(...batch.cards);
  for (const row of rows) row.deckId = 'bench-import';
  const logs: ReviewLogRow[] = [];
  for (let i = 0; i < opts.logs; i++) {
    const card = rows[Math.floor(i / 10) % rows.length];
    const { due, stability, difficulty, scheduledDays, learningSteps, reps, lapses, state, lastReview } = card;
    logs.push({
      id: `raw-${i.toString(36).padStart(8, '0')}`,
      cardId: card.id,
      deckId: card.deckId,
      rating: 3,
      review: opts.now - (opts.logs - i) * 60_000,
      duration: 4000,
      state: 2,
      due: opts.now,
      stability: 10,
      difficulty: 5,
      elapsedDays: 3,
      scheduledDays: 10,
      learningSteps: 0,
      before: { due, stability, difficulty, scheduledDays, learningSteps, reps, lapses, state, lastReview }
    });
  }
  const db = await openScratch();
  try {
    const t0 = performance.now();
    const tx = db.transaction(['decks', 'cards', 'reviewLogs'], 'readwrite');
    tx.objectStore('decks').put({ id: 'bench-import', title: 'Import', description: '', source: 'import', hash: 'x', position: 0 });
    const cards = tx.objectStore('cards');
    for (const row of rows) cards.put(row);
    const logStore = tx.objectStore('reviewLogs');
    for (const row of logs) logStore.put(row);
    await done(tx);
    return { cards: rows.length, logs: logs.length, ms: performance.now() - t0 };
  } finally {
    db.close();
    await dropScratch();
  }
}

/**
 * The floor of a search's first page: in one raw transaction the posting rows of `words` (each a
 * prefix range, as the app reads them) ANDed into a bitmap, and the rows of the page's cards by key
 * (`pageIds`, the app's own first page). No id table, no sorting, no framework: what any search
 * through this index must at least read.
 */
export async function rawSearchFloor(words: string[], pageIds: string[]): Promise<{ ms: number; matches: number }> {
  const db = await openExisting();
  try {
    const t0 = performance.now();
    const tx = db.transaction(['wordPostings', 'cards'], 'readonly');
    const postings = tx.objectStore('wordPostings');
    const cards = tx.objectStore('cards');
    const [maps] = await Promise.all([
      Promise.all(
        words.map(async (w) => {
          const rows = (await request(postings.getAll(IDBKeyRange.bound([w, 0], [`${w}\uffff`, Infinity])))) as { seg: number; ords: Uint32Array }[];
          let segs = 0;
          for (const row of rows) segs = Math.max(segs, row.seg + 1);
          const bits = new Uint32Array(segs * (SEGMENT_SIZE / 32));
          for (const row of rows) for (const ord of row.ords) bits[ord >>> 5] |= 1 << (ord & 31);
          return bits;
        })
      ),
      Promise.all(pageIds.map((id) => request(cards.get(id))))
    ]);
    const bits = maps.reduce((a, b) => (a.length <= b.length ? a : b)).slice();
    for (const map of maps) for (let i = 0; i < bits.length; i++) bits[i] &= map[i];
    let matches = 0;
    for (let i = 0; i < bits.length; i++) for (let w = bits[i]; w !== 0; w &= w - 1) matches++;
    const ms = performance.now() - t0;
    await done(tx);
    return { ms, matches };
  } finally {
    db.close();
  }
}

/** A what-if of the import's write (diagnosis only, not a baseline): how the app issues its puts, or the app's card ids. */
export interface WriteVariant {
  name: string;
  /**
   * Puts issued `chunk` at a time, each next chunk from the success of an earlier one, from
   * `inFlight` chunks queued up to `maxInFlight` (one more per chunk done) (gateway-raw.ts).
   */
  pipelined?: { chunk: number; inFlight: number; maxInFlight?: number };
  /** Ids as an import makes them (`<deck>:h:<hash of the text>`): keys in random order, not the generator's. */
  hashedIds?: boolean;
  /** Rows put in ascending key order. */
  sorted?: boolean;
}

/** The one-transaction bulk put of rawBulkPut, written the way `variant` says. */
export async function rawBulkPutVariant(opts: GenerateOptions, variant: WriteVariant): Promise<{ cards: number; ms: number; variant: string }> {
  let rows: CardRow[] = [];
  for (const batch of generateCollection({ ...opts, contentOnly: true, batchSize: 10_000 })) rows.push(...batch.cards);
  let n = 0;
  for (const row of rows) {
    row.deckId = 'bench-import';
    // A deterministic scramble standing in for a text hash: about the app's length, random order.
    if (variant.hashedIds) row.id = `import_mcq1x2y3z4:h:${((Math.imul(++n, 2654435761) >>> 0).toString(36) + n.toString(36)).padStart(14, '0')}`;
  }
  const db = await openScratch();
  try {
    const t0 = performance.now();
    if (variant.sorted) rows = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const tx = db.transaction(['decks', 'cards'], 'readwrite');
    tx.objectStore('decks').put({ id: 'bench-import', title: 'Import', description: '', source: 'import', hash: 'x', position: 0 });
    const store = tx.objectStore('cards');
    const committed = done(tx);
    const p = variant.pipelined;
    if (!p) for (const row of rows) store.put(row);
    else
      await new Promise<void>((resolve, reject) => {
        let next = 0;
        let inFlight = 0;
        const issue = () => {
          if (next >= rows.length) return;
          const end = Math.min(next + p.chunk, rows.length);
          let last!: IDBRequest;
          for (let i = next; i < end; i++) last = store.put(rows[i]);
          next = end;
          inFlight++;
          last.onsuccess = () => {
            inFlight--;
            if (end === rows.length) return resolve();
            issue();
            if (inFlight < (p.maxInFlight ?? p.inFlight)) issue();
          };
          last.onerror = () => reject(last.error);
        };
        for (let i = 0; i < p.inFlight; i++) issue();
      });
    await committed;
    return { cards: rows.length, ms: performance.now() - t0, variant: variant.name };
  } finally {
    db.close();
    await dropScratch();
  }
}

/** The what-ifs the import's diagnosis runs (flows.ts, at the largest size). */
export const WRITE_VARIANTS: WriteVariant[] = [
  { name: 'all puts at once (the baseline)' },
  { name: 'all at once, the app ids (random order)', hashedIds: true },
  { name: '1,000 puts per task, 4 queued (the app)', pipelined: { chunk: 1000, inFlight: 4 } },
  { name: 'the app ids, 1,000 puts per task, 4 queued (the app)', pipelined: { chunk: 1000, inFlight: 4 }, hashedIds: true },
  { name: 'the app ids, 1,000 puts per task, 16 queued', pipelined: { chunk: 1000, inFlight: 16 }, hashedIds: true },
  { name: 'the app ids, 5,000 puts per task, 4 queued', pipelined: { chunk: 5000, inFlight: 4 }, hashedIds: true },
  { name: 'all at once, the app ids, again (drift)', hashedIds: true }
];
