import type { FlashcardDatabase } from '../db/database';
import type { CardRow, DeckRow } from '../db/schema';
import { CardIndex } from '../db/stores';

export interface DeckExport {
  deck: DeckRow;
  /** Parent deck, for a hierarchical deck name in Anki (`Parent::Child`). */
  parent?: DeckRow;
  /** The deck's cards in deck order, without retired or deleted cards. */
  cards: CardRow[];
}

/** Everything a per-deck export needs, read in one transaction. */
export async function loadDeckExport(db: FlashcardDatabase, deckId: string): Promise<DeckExport> {
  return db.transaction('r', db.decks, db.cards, async () => {
    const deck = await db.decks.get(deckId);
    if (!deck) throw new Error(`deck "${deckId}" does not exist`);
    const parent = deck.parent ? await db.decks.get(deck.parent) : undefined;
    const cards = (await db.cards.where(CardIndex.deckId).equals(deckId).toArray())
      .filter((c) => !c.retired && !(c as { deleted?: boolean }).deleted)
      .sort((a, b) => a.ord - b.ord || a.id.localeCompare(b.id));
    return { deck, parent, cards };
  });
}
