import type { FlashcardDatabase } from '../db/database';
import type { CardRow, DeckRow, ReviewLogRow } from '../db/schema';
import { LogIndex } from '../db/stores';
import { visibleDecks } from '../decks/manage';

/** What the card page shows: the card and its history (newest first), or a new card's deck choice. */
export interface CardPageData {
  card: CardRow | null;
  history: ReviewLogRow[];
  decks: DeckRow[];
  /** The deck a new card goes to (the link's `deck`, else the first deck of the user's own). */
  deckId: string;
}

export async function readCardPage(db: FlashcardDatabase, id: string, deckParam: string | null): Promise<CardPageData> {
  const decks = await visibleDecks(db);
  if (id === 'new') return { card: null, history: [], decks, deckId: deckParam ?? decks.find((d) => d.source === 'user')?.id ?? decks[0]?.id ?? '' };
  const card = (await db.cards.get(id)) ?? null;
  const history = card ? await db.reviewLogs.where(LogIndex.cardReview).between([card.id, -Infinity], [card.id, Infinity]).reverse().toArray() : [];
  return { card, history, decks, deckId: card?.deckId ?? '' };
}
