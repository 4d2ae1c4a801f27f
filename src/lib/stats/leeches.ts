import type { FlashcardDatabase } from '../db/database';
import { CardState, type CardRow, type DeckRow } from '../db/schema';
import { CardIndex, LogIndex } from '../db/stores';
import { LEECH_TAG } from '../srs/leech';

/** A leech with its lapse history, for the statistics page. */
export interface LeechEntry {
  card: Pick<CardRow, 'id' | 'deckId' | 'front' | 'lapses' | 'suspended'>;
  deckTitle: string;
  /** When each lapse happened (an Again on the card in review), oldest first, from the review log. */
  lapseTimes: number[];
}

/** Whether a review-log row is a lapse: Again on a card that was in review (as ts-fsrs and Anki count them). */
export const isLapse = (log: { rating: number; state: number }) => log.rating === 1 && log.state === CardState.Review;

/**
 * The cards tagged leech (the tags index: no scan of the collection), with the dates of their
 * lapses from each card's own log ([cardId+review]), most lapses first. Deleted and retired cards
 * are left out. Lapses counted in a schedule imported without its history have no date.
 */
export async function loadLeeches(db: FlashcardDatabase): Promise<LeechEntry[]> {
  const cards = (await db.cards.where(CardIndex.tags).equals(LEECH_TAG).toArray()).filter((c) => !c.deleted && !c.retired);
  const decks = new Map<string, DeckRow | undefined>();
  for (const id of new Set(cards.map((c) => c.deckId))) decks.set(id, await db.decks.get(id));
  const entries = await Promise.all(
    cards.map(async (card) => {
      const logs = await db.reviewLogs.where(LogIndex.cardReview).between([card.id, -Infinity], [card.id, Infinity]).toArray();
      return {
        card: { id: card.id, deckId: card.deckId, front: card.front, lapses: card.lapses, suspended: card.suspended },
        deckTitle: decks.get(card.deckId)?.title ?? card.deckId,
        lapseTimes: logs.filter(isLapse).map((l) => l.review)
      };
    })
  );
  return entries.sort((a, b) => b.card.lapses - a.card.lapses || a.card.id.localeCompare(b.card.id));
}
