import Dexie from 'dexie';
import type { FlashcardDatabase } from '../db/database';
import { transact } from '../db/gateway';
import { uuidv7 } from '../db/ids';
import { Queue, type CardRow } from '../db/schema';
import { CardIndex, Store } from '../db/stores';
import { nextStudyDayStart } from '../srs/day';
import { newSchedule } from '../srs/scheduler';

export interface CardContentInput {
  front: string;
  back: string;
  more?: string;
  tags: string[];
}

export class CardInputError extends Error {}

/** Tags as the deck format allows them: lowercase words, digits and `-`, no duplicates. */
export function normalizeTags(input: string | string[]): string[] {
  const list = Array.isArray(input) ? input : input.split(/[,\s]+/);
  return [
    ...new Set(
      list
        .map((t) =>
          t
            .trim()
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, '-')
            .replace(/^-+|-+$/g, '')
        )
        .filter(Boolean)
    )
  ];
}

function checkContent(content: CardContentInput): CardContentInput {
  const front = content.front.trim();
  const back = content.back.trim();
  if (!front) throw new CardInputError('The front (question) cannot be empty.');
  if (!back) throw new CardInputError('The back (answer) cannot be empty.');
  const more = content.more?.trim();
  return { front, back, tags: normalizeTags(content.tags), ...(more ? { more } : {}) };
}

/** Changes a card's text and tags; the schedule is never touched. */
export async function editCard(db: FlashcardDatabase, id: string, content: CardContentInput, now = Date.now()): Promise<CardRow> {
  const clean = checkContent(content);
  return transact(db, [Store.decks, Store.cards], async (w) => {
    const card = await db.cards.get(id);
    if (!card) throw new CardInputError('This card no longer exists.');
    const next: CardRow = { ...card, front: clean.front, back: clean.back, tags: clean.tags, updatedAt: now };
    if (clean.more) next.more = clean.more;
    else delete next.more;
    // The built-in HTML was made from the deck's text: the user's text is rendered when shown.
    delete next.rendered;
    // Deck updates (a new app version, a re-import) keep the user's text (decks/merge-plan.ts).
    next.edited = true;
    return w.putCard(next);
  });
}

/** Adds a new card at the end of a deck. */
export async function addCard(db: FlashcardDatabase, deckId: string, content: CardContentInput, now = Date.now()): Promise<CardRow> {
  const clean = checkContent(content);
  return transact(db, [Store.decks, Store.cards], async (w) => {
    if (!(await db.decks.get(deckId))) throw new CardInputError('Choose a deck for the card.');
    let ord = 0;
    await db.cards
      .where(CardIndex.deckId)
      .equals(deckId)
      .each((c) => (ord = Math.max(ord, c.ord + 1)));
    return w.putCard({
      id: `${deckId}~${uuidv7(now)}`,
      deckId,
      ord,
      ...clean,
      createdAt: now,
      updatedAt: now,
      ...newSchedule(now),
      suspended: false,
      retired: false
    });
  });
}

async function updateFlags(db: FlashcardDatabase, ids: string[], change: (card: CardRow) => Partial<CardRow>): Promise<void> {
  await transact(db, [Store.cards], async (w) => {
    const cards = (await db.cards.bulkGet(ids)).filter((c): c is CardRow => !!c);
    await w.putCards(cards.map((card) => ({ ...card, ...change(card) })));
  });
}

export const setSuspended = (db: FlashcardDatabase, ids: string[], suspended: boolean) => updateFlags(db, ids, () => ({ suspended }));

/** Hides cards until the next study day starts. */
export const buryCards = (db: FlashcardDatabase, ids: string[], now: number, rolloverHour: number) =>
  updateFlags(db, ids, () => ({ buriedUntil: nextStudyDayStart(now, rolloverHour) }));

export const unburyCards = (db: FlashcardDatabase, ids: string[]) => updateFlags(db, ids, () => ({ buriedUntil: undefined }));

export const setFlag = (db: FlashcardDatabase, ids: string[], flag: number) => updateFlags(db, ids, () => ({ flag }));

/** Deleting keeps the row (and its review history) as a tombstone so it can be undone. */
export const deleteCards = (db: FlashcardDatabase, ids: string[]) => updateFlags(db, ids, () => ({ deleted: true }));
export const restoreCards = (db: FlashcardDatabase, ids: string[]) => updateFlags(db, ids, () => ({ deleted: false }));

/** Brings back every card whose burial ended (run at start-up and when a study day starts). */
export async function unburyDue(db: FlashcardDatabase, now: number): Promise<number> {
  const due = await db.cards
    .where(CardIndex.queueDue)
    .between([Queue.Buried, Dexie.minKey], [Queue.Buried, Dexie.maxKey])
    .filter((c) => (c.buriedUntil ?? 0) <= now)
    .primaryKeys();
  if (due.length) await unburyCards(db, due);
  return due.length;
}
