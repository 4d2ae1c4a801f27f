/**
 * Browser bundle (built by scripts/bench/build-harness.ts, injected into pages only for the
 * phases that need it, never into a page whose start-up is being timed). It exposes:
 * - population and the raw IndexedDB baselines (raw-idb.ts);
 * - the app's own data functions (src/lib, unchanged) timed in the page, to split the app's
 *   figures into "data layer" and "rendering" and to compare Dexie + app logic with raw IDB.
 */
import Dexie from 'dexie';
import type { Grade } from 'ts-fsrs';
import { FlashcardDatabase } from '../../src/lib/db/database';
import type { CardRow, ReviewLogRow } from '../../src/lib/db/schema';
import { recordAnswer, undoLastAnswer } from '../../src/lib/srs/answer';
import { nextStudyDayStart, studyDayStart } from '../../src/lib/srs/day';
import { deckCounts, nextCard, todaysQueue } from '../../src/lib/srs/queue';
import { manyDeckCountsIn } from '../../src/lib/srs/deck-list-counts';
import { read } from '../../src/lib/db/raw';
import { Store } from '../../src/lib/db/stores';
import { storedHtmlOf } from '../../src/lib/cards/stored-html';
import { renderMarkdown } from '../../src/lib/render/markdown';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { loadSettings } from '../../src/lib/srs/settings-store';
import { deckSummaries } from '../../src/lib/decks/deck-list';
import { prng, seededUuidv7, type GenerateOptions } from './generate';
import * as raw from './raw-idb';
import { buildSearchIndex } from '../../src/lib/cards/search-index-build';
import { prepareQuery, searchCards } from '../../src/lib/cards/search';
import { indexedCandidates } from '../../src/lib/cards/search-index';
import { transactRaw } from '../../src/lib/db/gateway-raw';
import { cardWords, INDEX_PROGRESS_KEY } from '../../src/lib/db/search-words';
import type { StoredCardWords } from '../../src/lib/db/word-postings';
import { generateCollection } from './generate';
import { replaySchedules } from '../../src/lib/sync/engine/replay';
import { deckSchedulers } from '../../src/lib/sync/engine/replay-all';
import { DEFAULT_SETTINGS, STUDY_SETTINGS_KEY } from '../../src/lib/srs/settings';
import { COMPARE_WAYS, importWriteCompare } from './import-write-compare';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}

let appDb: FlashcardDatabase | null = null;
function app(): FlashcardDatabase {
  appDb ??= new FlashcardDatabase();
  return appDb;
}

const bench = {
  /**
   * The collection as the app keeps it: each card with the HTML the app stores for it (built-in
   * cards from the deck compiler, others from the background renderer, html-backlog.ts).
   */
  // The app's word index of its built-in decks is finished first (the build starts when the page is
  // idle, which a loaded machine may not reach before this), so the populated rows make it complete.
  populate: async (opts: GenerateOptions) => {
    await buildSearchIndex(app());
    return raw.populate(opts, withStoredHtml);
  },

  /** Whether the word index's background build (search-index-build.ts) has covered every card. */
  async searchIndexDone() {
    const db = await raw.openExisting();
    try {
      const progress = (await raw.request(db.transaction('cardWords').objectStore('cardWords').get(INDEX_PROGRESS_KEY))) as { done?: boolean } | undefined;
      return !!progress?.done;
    } finally {
      db.close();
    }
  },
  rawBulkPut: raw.rawBulkPut,
  rawPutImportedRows: raw.rawPutImportedRows,
  readImportedRows: raw.readImportedRows,
  useImportedRows: raw.useImportedRows,
  writeStrategies: raw.WRITE_STRATEGIES,
  rawCardsAndLogsPut: raw.rawCardsAndLogsPut,
  rawBulkPutWithIndexes: raw.rawBulkPutWithIndexes,
  rawBulkPutVariant: raw.rawBulkPutVariant,
  /** Diagnosis (diag/import-write.ts): the import's card write, the app's way and raw ways, alternated. */
  importWriteCompare: (opts: Parameters<typeof importWriteCompare>[1]) => importWriteCompare(app(), opts),
  compareWays: COMPARE_WAYS,
  writeVariants: raw.WRITE_VARIANTS,
  rawExport: raw.rawExport,
  rawRestore: raw.rawRestore,
  searchIndexCost,
  searchPhases,

  /** Fresh connection + the queue queries: what a cold start needs from IndexedDB at the least. */
  async rawColdQueue(deckId: string) {
    const settings = await loadSettings(app());
    const now = Date.now();
    const t0 = performance.now();
    const db = await raw.openExisting();
    const q = await raw.rawQueue(db, deckId, now, nextStudyDayStart(now, settings.rolloverHour));
    const ms = performance.now() - t0;
    db.close();
    return { ms, queryMs: q.ms };
  },

  /** Fresh connection + every deck's counts: the least a deck list needs from IndexedDB. */
  async rawColdDeckCounts() {
    const now = Date.now();
    const t0 = performance.now();
    const db = await raw.openExisting();
    const deckIds = (await raw.request(db.transaction('decks').objectStore('decks').getAllKeys())) as string[];
    await raw.rawDeckCounts(db, deckIds, nextStudyDayStart(now, 4));
    const ms = performance.now() - t0;
    db.close();
    return { ms, decks: deckIds.length };
  },

  /**
   * Today's queue of one deck, app vs raw, `reps` times each, alternating (warm connection, same page):
   * app = todaysQueue, the next card and the counts the study screen reads after every answer
   * (src/lib/srs/queue.ts, on Dexie's connection); nextCard and deckCounts alone for the
   * diagnosis; raw = rawQueue.
   */
  async queue(deckId: string, reps: number) {
    const db = app();
    await db.open();
    const settings = await loadSettings(db);
    const rdb = await raw.openExisting();
    const appMs: number[] = [];
    const nextMs: number[] = [];
    const countsMs: number[] = [];
    const rawMs: number[] = [];
    let check: unknown = null;
    try {
      for (let i = 0; i < reps; i++) {
        const now = Date.now();
        const t0 = performance.now();
        const { card, counts } = await todaysQueue(db, deckId, now, settings);
        const t1 = performance.now();
        await nextCard(db, deckId, now, settings);
        const t2 = performance.now();
        await deckCounts(db, deckId, now, settings);
        appMs.push(t1 - t0);
        nextMs.push(t2 - t1);
        countsMs.push(performance.now() - t2);
        const r = await raw.rawQueue(rdb, deckId, now, nextStudyDayStart(now, settings.rolloverHour));
        rawMs.push(r.ms);
        check = {
          app: { cardId: card?.id ?? null, ...counts },
          raw: { cardId: r.cardId, learningCount: r.learningCount, reviewCount: r.reviewCount, newCount: r.newCount }
        };
      }
    } finally {
      rdb.close();
    }
    return { appMs: median(appMs), nextCardMs: median(nextMs), deckCountsMs: median(countsMs), rawMs: median(rawMs), check };
  },

  /**
   * The deck list's data, warm: app deckSummaries (all decks, with the bench's limits of 9999, so
   * every queue is counted whole) vs the same reads raw, and vs raw counts of the cards alone. Then
   * the same with the app's default limits (20 new, 200 reviews a day), where the list reads the
   * new and review queues only that far (queue.ts, limitedCountsIn).
   */
  async deckList(reps: number) {
    const db = app();
    await db.open();
    const rdb = await raw.openExisting();
    const runs = {
      appMs: [] as number[],
      rawMs: [] as number[],
      rawWholeMs: [] as number[],
      defaultLimitsAppMs: [] as number[],
      defaultLimitsRawMs: [] as number[]
    };
    try {
      const deckIds = (await raw.request(rdb.transaction('decks').objectStore('decks').getAllKeys())) as string[];
      const settings = await loadSettings(db);
      const defaults = { ...settings, newPerDay: DEFAULT_SETTINGS.newPerDay, reviewsPerDay: DEFAULT_SETTINGS.reviewsPerDay };
      for (let i = 0; i < reps; i++) {
        const now = Date.now();
        const [dayStart, dayEnd] = [studyDayStart(now, settings.rolloverHour), nextStudyDayStart(now, settings.rolloverHour)];
        let t0 = performance.now();
        await deckSummaries(db, now);
        runs.appMs.push(performance.now() - t0);
        runs.rawMs.push((await raw.rawDeckListCounts(rdb, deckIds, dayStart, dayEnd, settings)).ms);
        runs.rawWholeMs.push((await raw.rawDeckCounts(rdb, deckIds, dayEnd)).ms);
        t0 = performance.now();
        await read(db, [Store.cards, Store.reviewLogs], (tx) =>
          manyDeckCountsIn(
            tx,
            deckIds.map((deckId) => ({ deckId, settings: defaults })),
            now
          )
        );
        runs.defaultLimitsAppMs.push(performance.now() - t0);
        runs.defaultLimitsRawMs.push((await raw.rawDeckListCounts(rdb, deckIds, dayStart, dayEnd, defaults)).ms);
      }
      return {
        appMs: median(runs.appMs),
        rawMs: median(runs.rawMs),
        rawWholeMs: median(runs.rawWholeMs),
        defaultLimitsAppMs: median(runs.defaultLimitsAppMs),
        defaultLimitsRawMs: median(runs.defaultLimitsRawMs),
        decks: deckIds.length,
        runs
      };
    } finally {
      rdb.close();
    }
  },

  /**
   * One answer's write, app vs raw, `reps` times: app = recordAnswer (Dexie transaction: get card,
   * FSRS, update card, add log), undone right after with undoLastAnswer (not timed); raw = put of
   * the card and one log row in one transaction, removed afterwards (not timed).
   */
  async answerWrite(deckId: string, reps: number) {
    const db = app();
    await db.open();
    const settings = await loadSettings(db);
    const scheduler = createScheduler(settings);
    const card = await nextCard(db, deckId, Date.now(), settings);
    if (!card) return null;
    const appMs: number[] = [];
    const rawMs: number[] = [];
    const rdb = await raw.openExisting();
    const written: string[] = [];
    const rand = prng(99);
    try {
      const original = (await raw.rawGetCard(rdb, card.id)) as CardRow;
      for (let i = 0; i < reps; i++) {
        const now = Date.now();
        const t0 = performance.now();
        await recordAnswer(db, scheduler, card.id, 3 as Grade, now, 5000);
        appMs.push(performance.now() - t0);
        await undoLastAnswer(db, deckId);
        const log: ReviewLogRow = {
          id: seededUuidv7(now, rand),
          cardId: card.id,
          deckId,
          rating: 3,
          review: now,
          duration: 5000,
          state: original.state,
          due: original.due,
          stability: original.stability,
          difficulty: original.difficulty,
          elapsedDays: 1,
          scheduledDays: 3,
          learningSteps: 0,
          before: {
            due: original.due,
            stability: original.stability,
            difficulty: original.difficulty,
            scheduledDays: original.scheduledDays,
            learningSteps: original.learningSteps,
            reps: original.reps,
            lapses: original.lapses,
            state: original.state,
            lastReview: original.lastReview
          }
        };
        rawMs.push(await raw.rawAnswer(rdb, { ...original, reps: original.reps + 1, updatedAt: now }, log));
        written.push(log.id);
      }
      await raw.rawCleanupLogs(rdb, written);
      const tx = rdb.transaction('cards', 'readwrite');
      tx.objectStore('cards').put(original);
      await raw.done(tx);
      return { appMs: median(appMs), rawMs: median(rawMs), appP95: percentile(appMs, 0.95), rawP95: percentile(rawMs, 0.95) };
    } finally {
      rdb.close();
    }
  },

  /**
   * The floor under answer -> next question (raw-idb.ts rawAnswerFloor) on this collection: `reps`
   * answers to the deck's next card written raw with the next card read in the same transaction,
   * each log row removed afterwards and the card put back (not timed).
   */
  async answerFloor(deckId: string, reps: number) {
    const db = app();
    await db.open();
    const settings = await loadSettings(db);
    const card = await nextCard(db, deckId, Date.now(), settings);
    if (!card) return null;
    const rdb = await raw.openExisting();
    const rand = prng(101);
    const ms: number[] = [];
    const painted: number[] = [];
    const written: string[] = [];
    try {
      const original = (await raw.rawGetCard(rdb, card.id)) as CardRow;
      for (let i = 0; i < reps; i++) {
        const now = Date.now();
        const log = { ...floorLog(original, deckId, now), id: seededUuidv7(now, rand) };
        const r = await raw.rawAnswerFloor(
          rdb,
          { ...original, reps: original.reps + 1, updatedAt: now },
          log,
          deckId,
          now,
          nextStudyDayStart(now, settings.rolloverHour)
        );
        ms.push(r.ms);
        painted.push(r.painted);
        written.push(log.id);
      }
      await raw.rawCleanupLogs(rdb, written);
      const tx = rdb.transaction('cards', 'readwrite');
      tx.objectStore('cards').put(original);
      await raw.done(tx);
      return { reps, p50: median(ms), p95: percentile(ms, 0.95), paintedP50: median(painted), paintedP95: percentile(painted, 0.95) };
    } finally {
      rdb.close();
    }
  },

  /**
   * What-if for the daily limits: today's log rows of a deck read the way the app reads them
   * (Dexie .each over [deckId+review], every row deserialized) vs an index-only count of the same
   * range (IDBIndex.count, no row loaded). Counting by state needs a [deckId+state+review] index.
   */
  async todayLogs(deckId: string, reps: number) {
    const db = app();
    await db.open();
    const settings = await loadSettings(db);
    const dayStart = studyDayStart(Date.now(), settings.rolloverHour);
    const rdb = await raw.openExisting();
    const scanMs: number[] = [];
    const countMs: number[] = [];
    let rows = 0;
    try {
      for (let i = 0; i < reps; i++) {
        let t0 = performance.now();
        rows = 0;
        await db.reviewLogs
          .where('[deckId+review]')
          .between([deckId, dayStart], [deckId, Dexie.maxKey])
          .each(() => void rows++);
        scanMs.push(performance.now() - t0);
        t0 = performance.now();
        const index = rdb.transaction('reviewLogs').objectStore('reviewLogs').index('[deckId+review]');
        await raw.request(index.count(IDBKeyRange.bound([deckId, dayStart], [deckId, Infinity])));
        countMs.push(performance.now() - t0);
      }
    } finally {
      rdb.close();
    }
    return { rows, scanMs: median(scanMs), countMs: median(countMs) };
  },

  /** Rows the study deck holds, for the report (raw counts). */
  async census(deckId: string) {
    const db = await raw.openExisting();
    try {
      const settings = await loadSettings(app());
      const now = Date.now();
      const tx = db.transaction(['cards', 'reviewLogs'], 'readonly');
      const dayStart = studyDayStart(now, settings.rolloverHour);
      const [cards, logs, deckLogsToday] = await Promise.all([
        raw.request(tx.objectStore('cards').count()),
        raw.request(tx.objectStore('reviewLogs').count()),
        raw.request(
          tx
            .objectStore('reviewLogs')
            .index('[deckId+review]')
            .count(IDBKeyRange.bound([deckId, dayStart], [deckId, Infinity]))
        )
      ]);
      return { cards, logs, studyDeckLogsToday: deckLogsToday };
    } finally {
      db.close();
    }
  },

  /**
   * After a pull: every answered card's stored schedule against a replay of its merged log (the
   * sync engine's replay.ts, per deck as replay-all.ts does it), a page of cards at a time. A card
   * the pull left unreplayed keeps the new schedule its document made and shows here.
   */
  async verifyReplayedSchedules(pageSize = 500) {
    const db = app();
    const settings = await db.settings.get(STUDY_SETTINGS_KEY);
    let after = '';
    const out = { cards: 0, answered: 0, logs: 0, mismatched: 0, examples: [] as string[] };
    for (;;) {
      const cards = await (after ? db.cards.where(':id').above(after) : db.cards.toCollection()).limit(pageSize).toArray();
      if (!cards.length) return out;
      after = cards[cards.length - 1].id;
      const logs = await db.reviewLogs.where('[cardId+review]').between([cards[0].id, -Infinity], [after, Infinity], true, true).toArray();
      const byCard = new Map<string, ReviewLogRow[]>();
      for (const log of logs) byCard.set(log.cardId, [...(byCard.get(log.cardId) ?? []), log]);
      const answered = cards.filter((c) => byCard.has(c.id));
      const deckIds = [...new Set(answered.map((c) => c.deckId))];
      const schedulerFor = deckSchedulers(settings, deckIds, await db.decks.bulkGet(deckIds));
      const wrong = replaySchedules(answered, (id) => byCard.get(id) ?? [], schedulerFor);
      out.cards += cards.length;
      out.answered += answered.length;
      out.logs += logs.length;
      out.mismatched += wrong.length;
      for (const card of wrong.slice(0, 5 - out.examples.length)) out.examples.push(card.id);
    }
  },

  close() {
    appDb?.close();
    appDb = null;
  }
};

/** A log row for a raw answer to `card` (the fields the app writes; the id is set by the caller). */
function floorLog(card: CardRow, deckId: string, now: number): ReviewLogRow {
  return {
    id: '',
    cardId: card.id,
    deckId,
    rating: 3,
    review: now,
    duration: 5000,
    state: card.state,
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: 1,
    scheduledDays: 3,
    learningSteps: 0,
    before: {
      due: card.due,
      stability: card.stability,
      difficulty: card.difficulty,
      scheduledDays: card.scheduledDays,
      learningSteps: card.learningSteps,
      reps: card.reps,
      lapses: card.lapses,
      state: card.state,
      lastReview: card.lastReview
    }
  };
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN;
}

/** Usage the browser reports for this origin (IndexedDB's files, roughly). */
async function usage(): Promise<number> {
  return (await navigator.storage.estimate()).usage ?? NaN;
}

/**
 * The word index of Browse search at the collection's size: its size (rows, index entries, bytes
 * of rows and keys, and the origin's usage before and after a rebuild), the time the background
 * build (search-index-build.ts) takes to index every card of a database from before it, and the
 * write cost per card on the import path: the same cards written through the gateway's raw path
 * with the index (putCards) and without it (putCardSchedules, as answers write).
 */
async function searchIndexCost(opts: { seed: number; now: number; writeCards: number }) {
  const db = app();
  const rows = (await db.cardWords.toArray()).filter((r) => r.id !== INDEX_PROGRESS_KEY) as StoredCardWords[];
  const postings = await db.wordPostings.toArray();
  let entries = 0;
  for (const r of rows) entries += r.words.split(' ').length;
  const rowBytes = rows.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
  // Ordinals are 4 bytes each in a Uint32Array, plus the row's word; and the ordinal -> id table.
  const idRows = await db.wordIds.toArray();
  const keyBytes = postings.reduce((sum, r) => sum + r.ords.byteLength + r.word.length + 8, 0) + idRows.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
  const postingRows = postings.length;
  const usageBefore = await usage();
  // Rebuild from nothing, as after the upgrade to schema version 7.
  const idb = await raw.openExisting();
  const clear = idb.transaction(['cardWords', 'wordPostings', 'wordIds'], 'readwrite');
  clear.objectStore('cardWords').clear();
  clear.objectStore('wordPostings').clear();
  clear.objectStore('wordIds').clear();
  await raw.done(clear);
  idb.close();
  const usageCleared = await usage();
  const t0 = performance.now();
  await buildSearchIndex(db);
  const buildMs = performance.now() - t0;
  const usageBuilt = await usage();

  // Import path: fresh cards of a scratch deck, written twice (with, then without the index), then removed.
  const cards: CardRow[] = [];
  for (const batch of generateCollection({ cards: opts.writeCards, seed: opts.seed + 99, now: opts.now, contentOnly: true, batchSize: opts.writeCards }))
    cards.push(...batch.cards.map((c, i) => ({ ...c, id: `bench-words:${i}`, deckId: 'bench-words' })));
  const t1 = performance.now();
  for (const card of cards) cardWords(card);
  const wordsMs = performance.now() - t1;
  const timeWrite = async (withIndex: boolean) => {
    const t = performance.now();
    await transactRaw(db, ['cards'], (w) => (withIndex ? w.putCards(cards) : w.putCardSchedules(cards)));
    const ms = performance.now() - t;
    await transactRaw(db, ['cards'], (w) => w.deleteCards(cards));
    return ms;
  };
  const withoutIndexMs = await timeWrite(false);
  const withIndexMs = await timeWrite(true);
  return {
    cards: rows.length,
    postingRows,
    entries,
    rowBytes,
    keyBytes,
    usageBefore,
    usageCleared,
    usageBuilt,
    buildMs,
    write: { cards: cards.length, withIndexMs, withoutIndexMs, wordsMs }
  };
}

/** Where a search's time goes, without the page: the word index's candidates, then the first page of rows. */
async function searchPhases(words: string[]) {
  const db = app();
  const out = [];
  for (const text of words) {
    // Cold: a new connection, so the session's cache of ids by ordinal (search-ids.ts) is empty.
    const cold = new FlashcardDatabase();
    const c0 = performance.now();
    const coldPage = await searchCards(cold, { text }, 0, 50, Date.now(), 4);
    const coldMs = performance.now() - c0;
    cold.close();
    const t0 = performance.now();
    const q = await prepareQuery(db, { text }, Date.now(), 4);
    const t1 = performance.now();
    const candidates = await indexedCandidates(db, q);
    const t2 = performance.now();
    const page = await searchCards(db, { text }, 0, 50, Date.now(), 4);
    const t3 = performance.now();
    const floor = await raw.rawSearchFloor(
      q.terms.flatMap((t) => (t.kind === 'text' ? t.words : [])),
      (page?.cards ?? []).map((c) => c.id)
    );
    out.push({
      text,
      coldSearchCardsMs: coldMs,
      prepareMs: t1 - t0,
      candidatesMs: t2 - t1,
      candidates: candidates?.count ?? null,
      searchCardsMs: t3 - t2,
      floorMs: floor.ms,
      total: page?.total ?? coldPage?.total ?? null
    });
  }
  return out;
}

export type Bench = typeof bench;
(globalThis as unknown as { __bench: Bench }).__bench = bench;

function withStoredHtml(card: CardRow): CardRow {
  return { ...card, rendered: storedHtmlOf(card, renderMarkdown) };
}
