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
  total: number;
}

/** One page of matching cards plus the total count; reads rows through a cursor, never all at once. */
export async function searchCards(
  db: FlashcardDatabase,
  query: CardQuery,
  offset: number,
  limit: number,
  now: number,
  rolloverHour: number
): Promise<SearchPage> {
  const predicate = (c: CardRow) => matches(c, query, now, rolloverHour);
  const cards: CardRow[] = [];
  let total = 0;
  await baseCollection(db, query).each((card) => {
    if (!predicate(card)) return;
    if (total >= offset && cards.length < limit) cards.push(card);
    total++;
  });
  return { cards, total };
}

/** Every tag in use, from the multi-entry tags index (no card rows loaded). */
export async function allTags(db: FlashcardDatabase): Promise<string[]> {
  return (await db.cards.orderBy(CardIndex.tags).uniqueKeys()) as string[];
}
