import type { CardWords } from './search-words';

/**
 * The word index (schema version 7) in two stores the gateway keeps beside the cards:
 * - cardWords: per card its distinct words and the segment its ids are filed under, so a write
 *   knows which words a card had (only the words that changed are touched);
 * - wordPostings: per word and segment, the ids of the cards with that word. A search reads a
 *   word's few rows in one range request: tens of thousands of ids arrive as a few arrays,
 *   where a multi-entry index delivered them one entry at a time (5.5 s for 58k entries, measured
 *   in Chromium; see docs/ARCHITECTURE.md). Segments keep each row small enough to rewrite on an edit.
 */
export interface StoredCardWords extends CardWords {
  seg: string;
}

export interface PostingRow {
  word: string;
  seg: string;
  ids: string[];
}

/** Segments of the cards the gateway writes: ids spread over them by a hash. */
const SEGMENTS = 64;

/** The segment of a card first indexed by a gateway write (FNV-1a of its id). */
export function hashSegment(id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return `h${(h >>> 0) % SEGMENTS}`;
}

export interface PostingChange {
  word: string;
  seg: string;
  add: string[];
  remove: Set<string>;
}

export interface WordsPlan {
  /** Cards' rows to store, and ids whose row goes (no longer searchable). */
  put: StoredCardWords[];
  drop: string[];
  /** Posting rows to change, one per word and segment. */
  changes: PostingChange[];
}

/**
 * What a write changes in the index: for each card (its words now, null when it is not
 * searchable) against its stored row, the words it gained and lost, grouped by posting row.
 * A card keeps its segment while it has a row; a new one gets `segmentOf(id)`.
 */
export function planWords(next: Map<string, CardWords | null>, stored: (StoredCardWords | undefined)[], segmentOf: (id: string) => string): WordsPlan {
  const plan: WordsPlan = { put: [], drop: [], changes: [] };
  const byKey = new Map<string, PostingChange>();
  const change = (word: string, seg: string) => {
    const key = `${word}\u0000${seg}`;
    let c = byKey.get(key);
    if (!c) byKey.set(key, (c = { word, seg, add: [], remove: new Set() }));
    return c;
  };
  let i = 0;
  for (const [id, now] of next) {
    const before = stored[i++];
    const seg = before?.seg ?? segmentOf(id);
    const had = new Set(before?.words ?? []);
    const has = new Set(now?.words ?? []);
    for (const word of had) if (!has.has(word)) change(word, seg).remove.add(id);
    for (const word of has) if (!had.has(word)) change(word, seg).add.push(id);
    if (now) plan.put.push({ ...now, seg });
    else if (before) plan.drop.push(id);
  }
  plan.changes = [...byKey.values()];
  return plan;
}

/** A posting row after a change; null when no id is left. */
export function applyPosting(row: PostingRow | undefined, change: PostingChange): PostingRow | null {
  const ids = (row?.ids ?? []).filter((id) => !change.remove.has(id));
  ids.push(...change.add);
  return ids.length ? { word: change.word, seg: change.seg, ids } : null;
}
