import type { CardWords } from './search-words';

/**
 * The word index (schema version 8) in three stores the gateway keeps beside the cards. Every
 * indexed card has an ordinal, a number given once when it enters the index (never reused):
 * - cardWords: per card its ordinal and its distinct words (one space-joined string), so a write
 *   knows which words a card had (only the words that changed are touched);
 * - wordPostings: per word and ordinal segment (4,096 ordinals), the sorted ordinals of the cards
 *   with that word as a Uint32Array. A search reads a word's few rows in one range request and
 *   ORs them into a bitmap: tens of thousands of cards arrive as a few binary arrays (v7 stored
 *   card ids as strings: reading and intersecting them was most of a search's time);
 * - wordIds: per segment, the card id of each ordinal ('' once it left the index), to turn the
 *   matching ordinals into the cards of a page.
 */
export interface StoredCardWords {
  id: string;
  ord: number;
  /** The card's distinct words, joined by single spaces. */
  words: string;
}

export interface PostingRow {
  word: string;
  seg: number;
  ords: Uint32Array;
}

export interface OrdinalIdsRow {
  seg: number;
  ids: string[];
}

/** Ordinals per segment (2^12): a posting row holds at most 4,096 ordinals, 16 KB, so an edit rewrites little. */
export const SEGMENT_BITS = 12;
export const SEGMENT_SIZE = 1 << SEGMENT_BITS;

export const segmentOf = (ord: number): number => ord >>> SEGMENT_BITS;

export interface PostingChange {
  word: string;
  seg: number;
  add: number[];
  remove: Set<number>;
}

export interface WordsPlan {
  /** Cards' rows to store, and ids whose row goes (no longer searchable). */
  put: StoredCardWords[];
  drop: string[];
  /** Posting rows to change, one per word and segment. */
  changes: PostingChange[];
  /** Ordinals whose card id changes in wordIds: a new card's id, or '' for a card that left. */
  ids: Map<number, string>;
  /** The next ordinal to give after this plan. */
  nextOrd: number;
}

/**
 * What a write changes in the index: for each card (its words now, null when it is not
 * searchable) against its stored row, the words it gained and lost, grouped by posting row.
 * A card keeps its ordinal while it has a row; a new one gets the next, from `nextOrd`.
 */
export function planWords(next: Map<string, CardWords | null>, stored: Map<string, StoredCardWords>, nextOrd: number): WordsPlan {
  const plan: WordsPlan = { put: [], drop: [], changes: [], ids: new Map(), nextOrd };
  const byKey = new Map<string, PostingChange>();
  const change = (word: string, seg: number) => {
    const key = `${word}\u0000${seg}`;
    let c = byKey.get(key);
    if (!c) byKey.set(key, (c = { word, seg, add: [], remove: new Set() }));
    return c;
  };
  for (const [id, now] of next) {
    const before = stored.get(id);
    if (!before && !now) continue;
    const ord = before ? before.ord : plan.nextOrd++;
    const seg = segmentOf(ord);
    const had = new Set(before ? before.words.split(' ') : []);
    const has = new Set(now?.words ?? []);
    for (const word of had) if (word && !has.has(word)) change(word, seg).remove.add(ord);
    for (const word of has) if (!had.has(word)) change(word, seg).add.push(ord);
    if (now) plan.put.push({ id, ord, words: now.words.join(' ') });
    else plan.drop.push(id);
    if (!before) plan.ids.set(ord, id);
    else if (!now) plan.ids.set(ord, '');
  }
  plan.changes = [...byKey.values()];
  return plan;
}

/** A posting row after a change (ordinals kept sorted); null when none is left. */
export function applyPosting(row: PostingRow | undefined, change: PostingChange): PostingRow | null {
  const kept = row ? (change.remove.size ? row.ords.filter((o) => !change.remove.has(o)) : row.ords) : new Uint32Array(0);
  const ords = new Uint32Array(kept.length + change.add.length);
  ords.set(kept);
  ords.set(change.add, kept.length);
  if (change.add.length) ords.sort(); // numeric: a typed array's sort
  return ords.length ? { word: change.word, seg: change.seg, ords } : null;
}

/** The wordIds rows after giving or taking ordinals: one row per touched segment. */
export function applyIds(rows: Map<number, OrdinalIdsRow | undefined>, ids: Map<number, string>): OrdinalIdsRow[] {
  const out = new Map<number, OrdinalIdsRow>();
  for (const [ord, id] of ids) {
    const seg = segmentOf(ord);
    let row = out.get(seg);
    if (!row) out.set(seg, (row = { seg, ids: [...(rows.get(seg)?.ids ?? [])] }));
    const at = ord - (seg << SEGMENT_BITS);
    while (row.ids.length < at) row.ids.push('');
    row.ids[at] = id;
  }
  return [...out.values()];
}
