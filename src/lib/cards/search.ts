import Dexie, { type Collection, type InsertType } from 'dexie';
import type { FlashcardDatabase } from '../db/database';
import { Queue, type CardRow, type DeckRow } from '../db/schema';
import { wordText } from '../db/search-words';
import { nextStudyDayStart } from '../srs/day';
import { CardIndex } from '../db/stores';
import { nameMatcher, parseSearch, type IsState, type ParsedSearch, type SearchTerm } from './search-syntax';
import { indexedCandidates } from './search-index';
import { searchIndexReady } from './search-index-build';

export type StateFilter = '' | 'new' | 'learning' | 'review' | 'suspended' | 'buried' | 'flagged';
export type DueFilter = '' | 'today' | 'overdue' | 'later';

export interface CardQuery {
  /** Search syntax (search-syntax.ts): words, "phrases", -exclude, deck:, tag:, is:. */
  text?: string;
  deckId?: string;
  tag?: string;
  state?: StateFilter;
  due?: DueFilter;
  /** Read every card instead of the word index (the benchmark's baseline). */
  scan?: boolean;
}

/** A query made ready to run: its terms parsed, deck names resolved to deck ids, the day's bounds. */
export interface PreparedQuery {
  query: CardQuery;
  terms: SearchTerm[];
  /** Per deck term (same order as in `terms`), the ids of the decks it names and their subdecks. */
  deckIds: Map<SearchTerm, Set<string>>;
  /** Per tag term, whether a card's tag is one it names (any case, or a child of one). */
  tagMatchers: Map<SearchTerm, (tag: string) => boolean>;
  dayStart: number;
  dayEnd: number;
}

export class SearchSyntaxError extends Error {}

/** Parses the query's text and looks up the decks it names; throws SearchSyntaxError for a term it cannot read. */
export async function prepareQuery(db: FlashcardDatabase, query: CardQuery, now: number, rolloverHour: number): Promise<PreparedQuery> {
  const parsed: ParsedSearch = parseSearch(query.text ?? '');
  if (parsed.error) throw new SearchSyntaxError(parsed.error);
  const deckIds = new Map<SearchTerm, Set<string>>();
  if (parsed.terms.some((t) => t.kind === 'deck')) {
    const decks = await db.decks.toArray();
    for (const term of parsed.terms) if (term.kind === 'deck') deckIds.set(term, decksNamed(decks, term.name));
  }
  const tagMatchers = new Map<SearchTerm, (tag: string) => boolean>();
  for (const term of parsed.terms)
    if (term.kind === 'tag') {
      const matches = nameMatcher(term.name, true);
      tagMatchers.set(term, (tag) => matches(tag.toLowerCase()));
    }
  const dayEnd = nextStudyDayStart(now, rolloverHour);
  return { query, terms: parsed.terms, deckIds, tagMatchers, dayStart: dayEnd - 86_400_000, dayEnd };
}

/** Decks whose title, id or whole path ("Parent::Child") is `name` (any case; `*` for any text), with their subdecks. */
function decksNamed(decks: DeckRow[], name: string): Set<string> {
  const matches = nameMatcher(name);
  const byId = new Map(decks.map((d) => [d.id, d]));
  const path = (d: DeckRow, seen = new Set<string>()): string => {
    const parent = d.parent ? byId.get(d.parent) : undefined;
    return parent && !seen.has(parent.id) ? `${path(parent, seen.add(d.id))}::${d.title}` : d.title;
  };
  const ids = new Set(decks.filter((d) => matches(d.title.toLowerCase()) || matches(d.id.toLowerCase()) || matches(path(d).toLowerCase())).map((d) => d.id));
  for (let grew = true; grew;) {
    grew = false;
    for (const d of decks)
      if (d.parent && ids.has(d.parent) && !ids.has(d.id)) {
        ids.add(d.id);
        grew = true;
      }
  }
  return ids;
}

function stateMatches(card: CardRow, state: StateFilter | IsState): boolean {
  switch (state) {
    case 'new':
      return card.queue === Queue.New;
    case 'learning':
    case 'learn':
      return card.queue === Queue.Learning;
    case 'review':
      return card.queue === Queue.Review;
    case 'suspended':
      return card.queue === Queue.Suspended;
    case 'buried':
      return card.queue === Queue.Buried;
    case 'flagged':
      return !!card.flag;
    case 'due':
      return dueMatches(card, 'today', 0, Infinity);
    default:
      return true;
  }
}

function dueMatches(card: CardRow, due: DueFilter, dayStart: number, dayEnd: number): boolean {
  if (card.queue !== Queue.Learning && card.queue !== Queue.Review) return false;
  if (due === 'today') return card.due < dayEnd;
  if (due === 'overdue') return card.due < dayStart;
  if (due === 'later') return card.due >= dayEnd;
  return true;
}

function termMatches(card: CardRow, term: SearchTerm, q: PreparedQuery, text: () => string): boolean {
  switch (term.kind) {
    case 'text':
      return ` ${text()}`.includes(` ${term.words.join(' ')}`);
    case 'deck':
      return q.deckIds.get(term)!.has(card.deckId);
    case 'tag':
      return card.tags.some(q.tagMatchers.get(term)!);
    case 'is':
      return term.state === 'due' ? dueMatches(card, 'today', q.dayStart, q.dayEnd) : stateMatches(card, term.state);
  }
}

/** Whether a card is a result of the query: the one definition the scan and the word index both answer to. */
export function cardMatches(card: CardRow, q: PreparedQuery): boolean {
  const { query } = q;
  if (card.deleted || card.retired) return false;
  if (query.deckId && card.deckId !== query.deckId) return false;
  if (query.tag && !card.tags.includes(query.tag)) return false;
  if (query.state && !stateMatches(card, query.state)) return false;
  if (query.due && !dueMatches(card, query.due, q.dayStart, q.dayEnd)) return false;
  let words: string | undefined;
  const text = () => (words ??= wordText(card));
  return q.terms.every((term) => termMatches(card, term, q, text) !== term.negate);
}

/** The narrowest indexed starting point for a scan, then a filter over it. */
function baseCollection(db: FlashcardDatabase, query: CardQuery): Collection<CardRow, string, InsertType<CardRow, 'id'>> {
  if (query.deckId) return db.cards.where(CardIndex.deckId).equals(query.deckId);
  if (query.tag) return db.cards.where(CardIndex.tags).equals(query.tag);
  if (query.state === 'new') return db.cards.where(CardIndex.queueDue).between([Queue.New, Dexie.minKey], [Queue.New, Dexie.maxKey]);
  if (query.state === 'suspended') return db.cards.where(CardIndex.queueDue).between([Queue.Suspended, Dexie.minKey], [Queue.Suspended, Dexie.maxKey]);
  return db.cards.toCollection();
}

export interface SearchPage {
  cards: CardRow[];
  /** Matches in all, when known with this page; null otherwise (countCards). */
  total: number | null;
  /** Whether there are matches after this page. */
  more: boolean;
}

/** Still wanted? A search typed over by a newer one stops reading rows. */
export type StillWanted = () => boolean;

/** Rows read per request when the word index's candidates are checked one by one. */
const CHECK_BATCH = 200;

/**
 * One page of matching cards, in card id order. A query with words goes through the word index
 * (search-index.ts) once it is built: only its candidates are read, and when every term was
 * answered by an index the total comes with the page. Otherwise the rows are read through a
 * cursor that stops at the first match after the page or when `wanted()` turns false; the total
 * then comes from countCards. Resolves null when abandoned; throws SearchSyntaxError.
 */
export async function searchCards(
  db: FlashcardDatabase,
  query: CardQuery,
  offset: number,
  limit: number,
  now: number,
  rolloverHour: number,
  wanted: StillWanted = () => true
): Promise<SearchPage | null> {
  const q = await prepareQuery(db, query, now, rolloverHour);
  const indexed = !query.scan && (await searchIndexReady(db)) ? await indexedCandidates(db, q) : null;
  if (!wanted()) return null;
  if (indexed) {
    if (indexed.exact) {
      const ids = indexed.first(offset + limit).slice(offset);
      const cards = (await db.cards.bulkGet(ids)).filter((c): c is CardRow => !!c);
      return wanted() ? { cards, total: indexed.count, more: offset + limit < indexed.count } : null;
    }
    const found = await checkCandidates(db, q, indexed.first(Infinity), offset + limit + 1, wanted);
    if (!found) return null;
    const more = found.cards.length > offset + limit;
    return { cards: found.cards.slice(offset, offset + limit), total: found.end ? found.cards.length : null, more };
  }
  const cards: CardRow[] = [];
  let seen = 0;
  let more = false;
  const done = () => more || !wanted();
  await baseCollection(db, query)
    .until(done)
    .each((card) => {
      if (done() || !cardMatches(card, q)) return;
      if (seen >= offset && cards.length < limit) cards.push(card);
      else if (seen >= offset) more = true;
      seen++;
    });
  if (!wanted()) return null;
  return { cards, total: more ? null : seen, more };
}

/** Reads candidates in order until `enough` of them match (or all are read); null when abandoned. */
async function checkCandidates(
  db: FlashcardDatabase,
  q: PreparedQuery,
  ids: string[],
  enough: number,
  wanted: StillWanted
): Promise<{ cards: CardRow[]; end: boolean } | null> {
  const cards: CardRow[] = [];
  for (let i = 0; i < ids.length; i += CHECK_BATCH) {
    const rows = await db.cards.bulkGet(ids.slice(i, i + CHECK_BATCH));
    if (!wanted()) return null;
    for (const card of rows) if (card && cardMatches(card, q)) cards.push(card);
    if (cards.length >= enough) return { cards, end: false };
  }
  return { cards, end: true };
}

/** How many cards match (the word index's candidates, or a scan of the query's narrowest index); null when abandoned. */
export async function countCards(
  db: FlashcardDatabase,
  query: CardQuery,
  now: number,
  rolloverHour: number,
  wanted: StillWanted = () => true
): Promise<number | null> {
  const q = await prepareQuery(db, query, now, rolloverHour);
  const indexed = !query.scan && (await searchIndexReady(db)) ? await indexedCandidates(db, q) : null;
  if (indexed) {
    if (indexed.exact) return wanted() ? indexed.count : null;
    const found = await checkCandidates(db, q, indexed.first(Infinity), Infinity, wanted);
    return found ? found.cards.length : null;
  }
  let total = 0;
  await baseCollection(db, query)
    .until(() => !wanted())
    .each((card) => {
      if (cardMatches(card, q)) total++;
    });
  return wanted() ? total : null;
}

/** Every tag in use, from the multi-entry tags index (no card rows loaded). */
export async function allTags(db: FlashcardDatabase): Promise<string[]> {
  return (await db.cards.orderBy(CardIndex.tags).uniqueKeys()) as string[];
}
