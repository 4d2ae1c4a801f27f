import Dexie from 'dexie';
import type { FlashcardDatabase } from '../db/database';
import { Queue, type QueueValue } from '../db/schema';
import { CardIndex, WordPostingsIndex } from '../db/stores';
import { SEGMENT_SIZE } from '../db/word-postings';
import { INDEX_PROGRESS_KEY, type IndexProgressRow } from '../db/search-words';
import { ordinalIds } from './search-ids';
import type { PreparedQuery } from './search';
import type { SearchTerm } from './search-syntax';

type Keys = Set<string>;
/** A set of card ordinals (word-postings.ts): bit `ord` is set for each card in it. */
type Bitmap = Uint32Array;

/** Cards with a word starting with `prefix` (the word index holds only cards search can show): the posting rows of those words, as one bitmap. */
async function withWord(db: FlashcardDatabase, prefix: string): Promise<Bitmap> {
  const rows = await db.wordPostings
    .where(WordPostingsIndex.wordSeg)
    .between([prefix, Dexie.minKey], [`${prefix}\uffff`, Dexie.maxKey])
    .toArray();
  let segs = 0;
  for (const row of rows) segs = Math.max(segs, row.seg + 1);
  const bits = new Uint32Array(segs * (SEGMENT_SIZE / 32));
  for (const row of rows) for (const ord of row.ords) bits[ord >>> 5] |= 1 << (ord & 31);
  return bits;
}

/** Cards in `queues` due in [dueFrom, dueBelow), through [queue+due]. */
async function inQueues(db: FlashcardDatabase, queues: QueueValue[], dueBelow: unknown = Dexie.maxKey, dueFrom: unknown = Dexie.minKey): Promise<Keys> {
  const lists = await Promise.all(
    queues.map((queue) => db.cards.where(CardIndex.queueDue).between([queue, dueFrom], [queue, dueBelow], true, false).primaryKeys() as Promise<string[]>)
  );
  return new Set(lists.flat());
}

const DUE_QUEUES: QueueValue[] = [Queue.Learning, Queue.Review];

/** The cards a deck:, tag: or is: term names, read from an index; null for a term only the rows can answer. */
async function termKeys(db: FlashcardDatabase, term: Exclude<SearchTerm, { kind: 'text' }>, q: PreparedQuery): Promise<Keys | null> {
  switch (term.kind) {
    case 'deck':
      return new Set(
        (await db.cards
          .where(CardIndex.deckId)
          .anyOf([...q.deckIds.get(term)!])
          .primaryKeys()) as string[]
      );
    case 'tag': {
      // The tags the term names (any case, with children): from the index's distinct tags, then their cards.
      const tags = ((await db.cards.orderBy(CardIndex.tags).uniqueKeys()) as string[]).filter(q.tagMatchers.get(term)!);
      return new Set((await db.cards.where(CardIndex.tags).anyOf(tags).primaryKeys()) as string[]);
    }
    case 'is':
      return stateKeys(db, term.state, q);
  }
}

async function stateKeys(db: FlashcardDatabase, state: string, q: PreparedQuery): Promise<Keys | null> {
  switch (state) {
    case 'new':
      return inQueues(db, [Queue.New]);
    case 'learn':
    case 'learning':
      return inQueues(db, [Queue.Learning]);
    case 'review':
      return inQueues(db, [Queue.Review]);
    case 'suspended':
      return inQueues(db, [Queue.Suspended]);
    case 'buried':
      return inQueues(db, [Queue.Buried]);
    case 'due':
    case 'today':
      return inQueues(db, DUE_QUEUES, q.dayEnd);
    case 'overdue':
      return inQueues(db, DUE_QUEUES, q.dayStart);
    case 'later':
      return inQueues(db, DUE_QUEUES, Dexie.maxKey, q.dayEnd);
    default:
      return null; // flagged: no index
  }
}

export interface Candidates {
  /** How many cards can match (all of them do when `exact`). */
  count: number;
  /** Every term was answered by an index: these are the results, no row needs checking. */
  exact: boolean;
  /** The first `n` candidates in card id order (the order of a scan). */
  first(n: number): string[];
}

/**
 * The cards that can match a query with at least one word, from the word index and the card
 * indexes; null for a query without a word (a scan reads it). Words are bitmaps of ordinals
 * ANDed together (excluded words taken out), read in one transaction with the card ids of the
 * ordinals left; other terms are key sets of card ids. Terms no index answers (phrases, flags)
 * leave `exact` false and the caller checks each candidate's row (search.ts cardMatches).
 */
export async function indexedCandidates(db: FlashcardDatabase, q: PreparedQuery): Promise<Candidates | null> {
  if (!q.terms.some((t) => t.kind === 'text' && !t.negate)) return null;
  let exact = true;
  const words: string[] = [];
  const unwords: string[] = [];
  const include: Promise<Keys | null>[] = [];
  const exclude: Promise<Keys | null>[] = [];
  for (const term of q.terms) {
    if (term.kind === 'text') {
      // A phrase's words each narrow the candidates; the phrase itself is checked on the rows.
      if (term.words.length > 1) exact = false;
      if (!term.negate) words.push(...term.words);
      else if (term.words.length === 1) unwords.push(term.words[0]);
      continue;
    }
    (term.negate ? exclude : include).push(termKeys(db, term, q));
  }
  const { query } = q;
  if (query.deckId)
    include.push(
      db.cards
        .where(CardIndex.deckId)
        .equals(query.deckId)
        .primaryKeys()
        .then((k) => new Set(k as string[]))
    );
  if (query.tag)
    include.push(
      db.cards
        .where(CardIndex.tags)
        .equals(query.tag)
        .primaryKeys()
        .then((k) => new Set(k as string[]))
    );
  if (query.state) include.push(stateKeys(db, query.state, q));
  if (query.due) include.push(stateKeys(db, query.due, q));
  const [matched, sets, excluded] = await Promise.all([matchingIds(db, words, unwords), Promise.all(include), Promise.all(exclude)]);
  const known = sets.filter((s): s is Keys => s !== null);
  if (known.length < sets.length || excluded.includes(null) || q.terms.some((t) => t.kind === 'text' && t.negate && t.words.length > 1)) exact = false;
  const ids = known.length || excluded.length ? matched.filter((id) => known.every((s) => s.has(id)) && !excluded.some((s) => s?.has(id))) : matched;
  return { count: ids.length, exact, first: (n) => smallest(ids, n) };
}

/** The ids of the cards with every one of `words` (each as a word's start) and none of `unwords`, in no particular order. */
function matchingIds(db: FlashcardDatabase, words: string[], unwords: string[]): Promise<string[]> {
  // One read transaction: the bitmaps and the ids of their ordinals agree.
  return db.transaction('r', [db.cardWords, db.wordPostings, db.wordIds], async () => {
    const [progress, maps, unmaps] = await Promise.all([
      db.cardWords.get(INDEX_PROGRESS_KEY) as Promise<IndexProgressRow | undefined>,
      Promise.all(words.map((w) => withWord(db, w))),
      Promise.all(unwords.map((w) => withWord(db, w)))
    ]);
    const bits = maps.reduce((a, b) => (a.length <= b.length ? a : b)).slice();
    for (const map of maps) for (let i = 0; i < bits.length; i++) bits[i] &= map[i];
    for (const map of unmaps) for (let i = 0; i < Math.min(bits.length, map.length); i++) bits[i] &= ~map[i];
    const words32 = SEGMENT_SIZE / 32;
    const segs: number[] = [];
    for (let seg = 0; seg * words32 < bits.length; seg++) if (bits.subarray(seg * words32, (seg + 1) * words32).some((w) => w !== 0)) segs.push(seg);
    // The ids of those segments, most of them from the session's cache (search-ids.ts).
    const tables = await ordinalIds(db, segs, progress?.nextOrd ?? 0);
    const ids: string[] = [];
    segs.forEach((seg, i) => {
      const table = tables[i];
      for (let w = seg * words32; w < (seg + 1) * words32; w++)
        for (let word = bits[w]; word !== 0; word &= word - 1) {
          const id = table[(w - seg * words32) * 32 + (31 - Math.clz32(word & -word))];
          if (id) ids.push(id);
        }
    });
    return ids;
  });
}

/** The `n` smallest ids in order, without sorting them all when n is small (the first page of a common word). */
function smallest(ids: readonly string[], n: number): string[] {
  if (n >= ids.length / 8) return [...ids].sort().slice(0, n);
  const out: string[] = [];
  for (const id of ids) {
    if (out.length === n && id >= out[n - 1]) continue;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (out[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, id);
    if (out.length > n) out.pop();
  }
  return out;
}
