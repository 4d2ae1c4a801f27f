import type { FlashcardDatabase } from '../db/database';
import { INDEX_PROGRESS_KEY, type IndexProgressRow } from '../db/search-words';
import { segmentOf } from '../db/word-postings';

/**
 * The word index's card ids by ordinal (the wordIds rows, word-postings.ts), kept between the
 * searches of a session: turning a common word's ordinals into card ids read every segment's
 * row (50k ids at 50k cards), the largest part of a search. A cached row stays right because an
 * ordinal is never given twice: a row only gains ids above the `nextOrd` it was read at, and an id
 * that becomes '' (its card left) has no bit left in any posting row, so it is never looked up.
 */
interface IdCache {
  /** The progress row's nextOrd when the rows were read: rows of segments below segmentOf(nextOrd) are final. */
  nextOrd: number;
  segs: Map<number, readonly string[]>;
}

const caches = new WeakMap<FlashcardDatabase, IdCache>();

/**
 * The ids of segments `segs` as of `nextOrd` (the progress row read in the caller's transaction,
 * which this reads in too): cached rows, the others read and cached.
 */
export async function ordinalIds(db: FlashcardDatabase, segs: readonly number[], nextOrd: number): Promise<(readonly string[])[]> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { nextOrd, segs: new Map() }));
  if (nextOrd > cache.nextOrd) {
    // Cards entered the index since: the rows from the old last segment on may have gained ids.
    for (const seg of cache.segs.keys()) if (seg >= segmentOf(cache.nextOrd)) cache.segs.delete(seg);
    cache.nextOrd = nextOrd;
  }
  const missing = segs.filter((seg) => !cache.segs.has(seg));
  const read = new Map<number, readonly string[]>();
  if (missing.length) {
    const rows = await db.wordIds.bulkGet(missing);
    missing.forEach((seg, i) => read.set(seg, rows[i]?.ids ?? []));
    // A search that read an older state (another search started before a write) keeps its rows to itself.
    if (cache.nextOrd === nextOrd && caches.get(db) === cache) for (const [seg, ids] of read) cache.segs.set(seg, ids);
  }
  return segs.map((seg) => read.get(seg) ?? cache.segs.get(seg) ?? []);
}

/** Reads every id row into the cache (Browse calls it when it opens, so the first word typed finds them ready). */
export function prepareOrdinalIds(db: FlashcardDatabase): Promise<void> {
  return db.transaction('r', [db.cardWords, db.wordIds], async () => {
    const progress = (await db.cardWords.get(INDEX_PROGRESS_KEY)) as IndexProgressRow | undefined;
    const nextOrd = progress?.nextOrd ?? 0;
    const segs = Array.from({ length: nextOrd ? segmentOf(nextOrd - 1) + 1 : 0 }, (_, seg) => seg);
    await ordinalIds(db, segs, nextOrd);
  });
}
