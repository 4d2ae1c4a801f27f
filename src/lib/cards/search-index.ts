import Dexie from 'dexie';
import type { FlashcardDatabase } from '../db/database';
import { Queue, type QueueValue } from '../db/schema';
import { CardIndex, WordPostingsIndex } from '../db/stores';
import type { PreparedQuery } from './search';
import type { SearchTerm } from './search-syntax';

type Keys = Set<string>;

/** Cards with a word starting with `prefix` (the word index holds only cards search can show): the posting rows of those words. */
async function withWord(db: FlashcardDatabase, prefix: string): Promise<Keys> {
  const rows = await db.wordPostings
    .where(WordPostingsIndex.wordSeg)
    .between([prefix, Dexie.minKey], [`${prefix}\uffff`, Dexie.maxKey])
    .toArray();
  const keys: Keys = new Set();
  for (const row of rows) for (const id of row.ids) keys.add(id);
  return keys;
}

/** Cards in `queues` due in [dueFrom, dueBelow), through [queue+due]. */
async function inQueues(db: FlashcardDatabase, queues: QueueValue[], dueBelow: unknown = Dexie.maxKey, dueFrom: unknown = Dexie.minKey): Promise<Keys> {
  const lists = await Promise.all(
    queues.map((queue) => db.cards.where(CardIndex.queueDue).between([queue, dueFrom], [queue, dueBelow], true, false).primaryKeys() as Promise<string[]>)
  );
  return new Set(lists.flat());
}

const DUE_QUEUES: QueueValue[] = [Queue.Learning, Queue.Review];

/** The cards a term names, read from an index; null for a term only the rows can answer. */
async function termKeys(db: FlashcardDatabase, term: SearchTerm, q: PreparedQuery): Promise<Keys | null> {
  switch (term.kind) {
    case 'text':
      // A phrase's words must be next to each other: the index narrows, the rows decide.
      return term.words.length === 1 ? withWord(db, term.words[0]) : null;
    case 'deck':
      return new Set(
        (await db.cards
          .where(CardIndex.deckId)
          .anyOf([...q.deckIds.get(term)!])
          .primaryKeys()) as string[]
      );
    case 'tag': {
      const [exact, children] = await Promise.all([
        db.cards.where(CardIndex.tags).equals(term.name).primaryKeys(),
        db.cards.where(CardIndex.tags).startsWith(`${term.name}::`).primaryKeys()
      ]);
      return new Set([...(exact as string[]), ...(children as string[])]);
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
  /** Card ids in id order (the order of a scan). */
  ids: string[];
  /** Every term was answered by an index: these are the results, no row needs checking. */
  exact: boolean;
}

/**
 * The cards that can match a query with at least one word, from the word index and the card
 * indexes; null for a query without a word (a scan reads it). Words and filters are key sets
 * intersected smallest first; excluded words are taken out. Terms no index answers (phrases,
 * flags) leave `exact` false and the caller checks each candidate's row (search.ts cardMatches).
 */
export async function indexedCandidates(db: FlashcardDatabase, q: PreparedQuery): Promise<Candidates | null> {
  if (!q.terms.some((t) => t.kind === 'text' && !t.negate)) return null;
  let exact = true;
  const include: Promise<Keys | null>[] = [];
  const exclude: Promise<Keys | null>[] = [];
  for (const term of q.terms) {
    // A phrase's words each narrow the candidates; the phrase itself is checked on the rows.
    if (term.kind === 'text' && term.words.length > 1) {
      exact = false;
      if (!term.negate) include.push(...term.words.map((w) => withWord(db, w)));
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
  const [sets, excluded] = await Promise.all([Promise.all(include), Promise.all(exclude)]);
  const known = sets.filter((s): s is Keys => s !== null).sort((a, b) => a.size - b.size);
  if (known.length < sets.length || excluded.includes(null)) exact = false;
  const [smallest, ...others] = known;
  const ids: string[] = [];
  for (const id of smallest) if (others.every((s) => s.has(id)) && !excluded.some((s) => s?.has(id))) ids.push(id);
  return { ids: ids.sort(), exact };
}
