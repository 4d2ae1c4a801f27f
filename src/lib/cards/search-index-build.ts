import type { FlashcardDatabase } from '../db/database';
import { transact } from '../db/gateway';
import type { Writer } from '../db/writer';
import { indexComplete, INDEX_PROGRESS_KEY, type IndexProgressRow } from '../db/search-words';
import { Store } from '../db/stores';
import { writeGate } from '../db/write-outcomes';

/** Cards indexed per transaction (and segment of the index): short enough that an answer waiting behind one is not felt. */
const BATCH = 500;
/** What indexing a card writes to LevelDB's log, about (the 605 built-in cards: about 2 MB): each batch's disk check is that large. */
const BYTES_PER_CARD = 4 * 1024;

const building = new WeakMap<FlashcardDatabase, Promise<void>>();

/**
 * Whether the word index covers every card (search falls back to reading every card until it
 * does, and this starts the build). Read on every search: an import can leave cards to the build.
 */
export async function searchIndexReady(db: FlashcardDatabase): Promise<boolean> {
  const progress = (await db.cardWords.get(INDEX_PROGRESS_KEY)) as IndexProgressRow | undefined;
  if (indexComplete(progress)) return true;
  // In a worker (search-index-client.ts): on the page it was seconds of long tasks at 4x.
  void import('./search-index-client').then(({ buildSearchIndexOffPage }) => buildSearchIndexOffPage(db)).catch((error) => console.warn('search index', error));
  return false;
}

/**
 * Indexes the cards written before the word index existed (a database from before schema
 * version 8), BATCH cards per gateway transaction in id order, from where the last one stopped
 * (also in another tab or an earlier visit), yielding between batches. Cards written meanwhile
 * are indexed by the gateway as they are written. One run per database at a time.
 */
export function buildSearchIndex(db: FlashcardDatabase, pause: () => Promise<void> = nextTask): Promise<void> {
  let run = building.get(db);
  if (!run) {
    run = (async () => {
      while (!(await indexBatch(db))) await pause();
    })().finally(() => building.delete(db));
    building.set(db, run);
  }
  return run;
}

/** Indexes the next batch; true once every card is indexed. */
function indexBatch(db: FlashcardDatabase): Promise<boolean> {
  return transact(
    db,
    [Store.cards],
    async (w) => {
      const last = (await db.cardWords.get(INDEX_PROGRESS_KEY)) as IndexProgressRow | undefined;
      if (indexComplete(last)) return true;
      if (last?.done) return indexPending(db, w, last);
      const from = last?.after;
      const cards = await (from === undefined ? db.cards.toCollection() : db.cards.where(':id').above(from)).limit(BATCH).toArray();
      const done = cards.length < BATCH;
      const progress: IndexProgressRow = done ? { id: INDEX_PROGRESS_KEY, done } : { id: INDEX_PROGRESS_KEY, done, after: cards[cards.length - 1].id };
      // Ordinals are given in id order here, so after a build the index's order is the cards' order.
      await w.indexCardWords(cards, progress);
      return done;
    },
    { bytes: BATCH * BYTES_PER_CARD }
  );
}

/** Indexes the next batch of the first id range a bulk write left (writer.ts putCardsIndexLater); true once none is left. */
async function indexPending(db: FlashcardDatabase, w: Writer, last: IndexProgressRow): Promise<boolean> {
  const [range, ...rest] = last.pending!;
  const cards = await db.cards.where(':id').between(range.from, range.to, true, true).limit(BATCH).toArray();
  const done = cards.length < BATCH;
  // The range goes on after the last card read ('\u0000' is the smallest string after it).
  const pending = done ? rest : [{ from: `${cards[cards.length - 1].id}\u0000`, to: range.to }, ...rest];
  await w.indexCardWords(cards, { ...last, pending });
  return done && !rest.length;
}

/** Starts the build (if the index is not complete) once the browser is idle: never before a first screen. */
export function buildSearchIndexWhenIdle(db: FlashcardDatabase): void {
  // The disk guard first (loaded if no write has loaded it yet): Dexie's writes are checked only once
  // it runs, and a background write that fails on a full disk can cost the whole database.
  const start = () =>
    void Promise.resolve(writeGate())
      .then(() => searchIndexReady(db))
      .catch((error) => console.warn('search index', error));
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 10_000 });
  else setTimeout(start, 2000);
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
