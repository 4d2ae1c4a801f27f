import type { FlashcardDatabase } from '../db/database';
import { transact } from '../db/gateway';
import { uuidv7 } from '../db/ids';
import type { DeckRow } from '../db/schema';
import { CardIndex, DeckIndex, MediaIndex, Store } from '../db/stores';

export class DeckInputError extends Error {}

/** The decks the user sees, in list order (hidden ones left out). */
export async function visibleDecks(db: FlashcardDatabase): Promise<DeckRow[]> {
  return (await db.decks.orderBy(DeckIndex.position).toArray()).filter((d) => !d.hidden);
}

function cleanTitle(title: string): string {
  const t = title.trim().replace(/\s+/g, ' ');
  if (!t) throw new DeckInputError('A deck needs a name.');
  if (t.length > 120) throw new DeckInputError('Keep the deck name under 120 characters.');
  return t;
}

export async function createDeck(db: FlashcardDatabase, title: string, description = ''): Promise<DeckRow> {
  const name = cleanTitle(title);
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'deck';
  return transact(db, [Store.decks], async (w) => {
    const last = await db.decks.orderBy(DeckIndex.position).last();
    const deck: DeckRow = {
      id: `user-${slug}-${uuidv7().slice(-8)}`,
      title: name,
      description: description.trim(),
      source: 'user',
      hash: '',
      position: (last?.position ?? -1) + 1
    };
    await w.putDecks([deck]);
    return deck;
  });
}

export async function updateDeck(
  db: FlashcardDatabase,
  id: string,
  changes: { title?: string; description?: string; newPerDay?: number | null; reviewsPerDay?: number | null; typeAnswer?: boolean; autoplay?: boolean }
): Promise<DeckRow> {
  return transact(db, [Store.decks], async (w) => {
    const deck = await db.decks.get(id);
    if (!deck) throw new DeckInputError('This deck no longer exists.');
    const next: DeckRow = { ...deck };
    if (changes.title !== undefined) next.title = cleanTitle(changes.title);
    if (changes.description !== undefined) next.description = changes.description.trim();
    if (changes.typeAnswer === true) next.typeAnswer = true;
    else if (changes.typeAnswer === false) delete next.typeAnswer;
    if (changes.autoplay === true) next.autoplay = true;
    else if (changes.autoplay === false) delete next.autoplay;
    for (const key of ['newPerDay', 'reviewsPerDay'] as const) {
      const value = changes[key];
      if (value === null) delete next[key];
      else if (value !== undefined) {
        if (!Number.isInteger(value) || value < 0 || value > 99999) throw new DeckInputError('Daily limits must be whole numbers from 0 to 99999.');
        next[key] = value;
      }
    }
    await w.putDecks([next]);
    return next;
  });
}

export async function setDeckHidden(db: FlashcardDatabase, id: string, hidden: boolean): Promise<void> {
  await transact(db, [Store.decks], async (w) => {
    const deck = await db.decks.get(id);
    if (deck) await w.putDecks([{ ...deck, hidden }]);
  });
}

/**
 * Deletes a user's or imported deck with its cards and media. Review logs stay: they are the
 * history behind the statistics. Built-in decks cannot be deleted (they would come back with
 * the next app version); hide them instead.
 */
export async function deleteDeck(db: FlashcardDatabase, id: string): Promise<{ cards: number }> {
  return transact(db, [Store.decks, Store.cards, Store.media], async (w) => {
    const deck = await db.decks.get(id);
    if (!deck) throw new DeckInputError('This deck no longer exists.');
    if (deck.source === 'builtin') throw new DeckInputError('Built-in decks cannot be deleted; hide the deck instead.');
    const cardIds = (await db.cards.where(CardIndex.deckId).equals(id).primaryKeys()) as string[];
    const mediaIds = (await db.media.where(MediaIndex.deckId).equals(id).primaryKeys()) as string[];
    await w.deleteCards(cardIds.map((cardId) => ({ id: cardId, deckId: id })));
    await w.deleteMedia(mediaIds.map((mediaId) => ({ id: mediaId, deckId: id })));
    await w.deleteDeck(id);
    return { cards: cardIds.length };
  });
}
