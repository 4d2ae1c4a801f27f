import Dexie, { type Collection, type InsertType } from 'dexie';
import type { FlashcardDatabase } from '../db/database';
import { Queue, type CardRow } from '../db/schema';
import { nextStudyDayStart } from '../srs/day';
import { CardIndex } from '../db/stores';

export type StateFilter = '' | 'new' | 'learning' | 'review' | 'suspended' | 'buried' | 'flagged';
export type DueFilter = '' | 'today' | 'overdue' | 'later';

export interface CardQuery {
  text?: string;
  deckId?: string;
  tag?: string;
  state?: StateFilter;
  due?: DueFilter;
}

/** Lowercased words of the search text; every word must occur in front, back, more or tags. */
function words(text: string | undefined): string[] {
  return (text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

export function matches(card: CardRow, query: CardQuery, now: number, rolloverHour: number): boolean {
  if (card.deleted || card.retired) return false;
  if (query.deckId && card.deckId !== query.deckId) return false;
  if (query.tag && !card.tags.includes(query.tag)) return false;
  switch (query.state) {
    case 'new':
      if (card.queue !== Queue.New) return false;
      break;
    case 'learning':
      if (card.queue !== Queue.Learning) return false;
      break;
    case 'review':
      if (card.queue !== Queue.Review) return false;
      break;
    case 'suspended':
      if (card.queue !== Queue.Suspended) return false;
      break;
    case 'buried':
      if (card.queue !== Queue.Buried) return false;
      break;
    case 'flagged':
      if (!card.flag) return false;
      break;
  }
  if (query.due) {
    if (card.queue !== Queue.Learning && card.queue !== Queue.Review) return false;
    const dayEnd = nextStudyDayStart(now, rolloverHour);
    const dayStart = dayEnd - 86_400_000;
    if (query.due === 'today' && card.due >= dayEnd) return false;
    if (query.due === 'overdue' && card.due >= dayStart) return false;
    if (query.due === 'later' && card.due < dayEnd) return false;
  }
  const needles = words(query.text);
  if (needles.length) {
    const hay = `${card.front}\n${card.back}\n${card.more ?? ''}\n${card.tags.join(' ')}`.toLowerCase();
    if (!needles.every((w) => hay.includes(w))) return false;
  }
  return true;
}

/** The narrowest indexed starting point for a query, then a filter over it. */
function baseCollection(db: FlashcardDatabase, query: CardQuery): Collection<CardRow, string, InsertType<CardRow, 'id'>> {
  if (query.deckId) return db.cards.where(CardIndex.deckId).equals(query.deckId);
  if (query.tag) return db.cards.where(CardIndex.tags).equals(query.tag);
  if (query.state === 'new') return db.cards.where(CardIndex.queueDue).between([Queue.New, Dexie.minKey], [Queue.New, Dexie.maxKey]);
  if (query.state === 'suspended') return db.cards.where(CardIndex.queueDue).between([Queue.Suspended, Dexie.minKey], [Queue.Suspended, Dexie.maxKey]);
  return db.cards.toCollection();
}

export interface SearchPage {
  cards: CardRow[];
  /** Matches in all, when the scan reached the end to find this page; null otherwise (countCards). */
  total: number | null;
  /** Whether there are matches after this page. */
  more: boolean;
}

/** Still wanted? A search typed over by a newer one stops reading rows. */
export type StillWanted = () => boolean;

/**
 * One page of matching cards. The rows are read through a cursor that stops at the first match
 * after the page (there are more) or when `wanted()` turns false, so a common word shows its
 * first page after a few hundred rows instead of a scan of the whole collection; the total
 * then comes from countCards. Resolves null when abandoned.
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
  const cards: CardRow[] = [];
  let seen = 0;
  let more = false;
  const done = () => more || !wanted();
  await baseCollection(db, query)
    .until(done)
    .each((card) => {
      if (done() || !matches(card, query, now, rolloverHour)) return;
      if (seen >= offset && cards.length < limit) cards.push(card);
      else if (seen >= offset) more = true;
      seen++;
    });
  if (!wanted()) return null;
  return { cards, total: more ? null : seen, more };
}

/** How many cards match (a scan of the query's narrowest index); null when abandoned. */
export async function countCards(
  db: FlashcardDatabase,
  query: CardQuery,
  now: number,
  rolloverHour: number,
  wanted: StillWanted = () => true
): Promise<number | null> {
  let total = 0;
  await baseCollection(db, query)
    .until(() => !wanted())
    .each((card) => {
      if (matches(card, query, now, rolloverHour)) total++;
    });
  return wanted() ? total : null;
}

/** Every tag in use, from the multi-entry tags index (no card rows loaded). */
export async function allTags(db: FlashcardDatabase): Promise<string[]> {
  return (await db.cards.orderBy(CardIndex.tags).uniqueKeys()) as string[];
}
