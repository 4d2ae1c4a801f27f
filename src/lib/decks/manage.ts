import { announceChange } from '../db/changes';
import type { FlashcardDatabase } from '../db/database';
import { uuidv7 } from '../db/ids';
import type { DeckRow } from '../db/schema';

export class DeckInputError extends Error {}

/** The decks the user sees, in list order (hidden ones left out). */
export async function visibleDecks(db: FlashcardDatabase): Promise<DeckRow[]> {
  return (await db.decks.orderBy('position').toArray()).filter((d) => !d.hidden);
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
  const created = await db.transaction('rw', db.decks, async () => {
    const last = await db.decks.orderBy('position').last();
    const deck: DeckRow = {
      id: `user-${slug}-${uuidv7().slice(-8)}`,
      title: name,
      description: description.trim(),
      source: 'user',
      hash: '',
      position: (last?.position ?? -1) + 1
    };
    await db.decks.add(deck);
    return deck;
  });
  announceChange({ deckIds: [created.id] });
  return created;
}

export async function updateDeck(
  db: FlashcardDatabase,
  id: string,
  changes: { title?: string; description?: string; newPerDay?: number | null; reviewsPerDay?: number | null }
): Promise<DeckRow> {
  const updated = await db.transaction('rw', db.decks, async () => {
    const deck = await db.decks.get(id);
    if (!deck) throw new DeckInputError('This deck no longer exists.');
    const next: DeckRow = { ...deck };
    if (changes.title !== undefined) next.title = cleanTitle(changes.title);
    if (changes.description !== undefined) next.description = changes.description.trim();
    for (const key of ['newPerDay', 'reviewsPerDay'] as const) {
      const value = changes[key];
      if (value === null) delete next[key];
      else if (value !== undefined) {
        if (!Number.isInteger(value) || value < 0 || value > 99999) throw new DeckInputError('Daily limits must be whole numbers from 0 to 99999.');
        next[key] = value;
      }
    }
    await db.decks.put(next);
    return next;
  });
  announceChange({ deckIds: [id] });
  return updated;
}

export async function setDeckHidden(db: FlashcardDatabase, id: string, hidden: boolean): Promise<void> {
  await db.decks.update(id, { hidden });
  announceChange({ deckIds: [id] });
}

/**
 * Deletes a user's or imported deck with its cards and media. Review logs stay: they are the
 * history behind the statistics. Built-in decks cannot be deleted (they would come back with
 * the next app version); hide them instead.
 */
export async function deleteDeck(db: FlashcardDatabase, id: string): Promise<{ cards: number }> {
  const deleted = await db.transaction('rw', db.decks, db.cards, db.media, async () => {
    const deck = await db.decks.get(id);
    if (!deck) throw new DeckInputError('This deck no longer exists.');
    if (deck.source === 'builtin') throw new DeckInputError('Built-in decks cannot be deleted; hide the deck instead.');
    const cards = await db.cards.where('deckId').equals(id).delete();
    await db.media.where('deckId').equals(id).delete();
    await db.decks.delete(id);
    return { cards };
  });
  announceChange({ deckIds: [id] });
  return deleted;
}
