import { visibleDecks } from './manage';
import type { FlashcardDatabase } from '../db/database';
import type { DeckRow } from '../db/schema';
import { manyDeckCounts, type DeckCounts } from '../srs/queue';
import { loadSettings } from '../srs/settings-store';
import { settingsForDeck } from '../srs/settings';

export interface DeckSummary {
  deck: DeckRow;
  counts: DeckCounts;
}

/** Every deck in list order with today's counts, read through indexes. */
export async function deckSummaries(db: FlashcardDatabase, now = Date.now()): Promise<DeckSummary[]> {
  const settings = await loadSettings(db);
  const decks = await visibleDecks(db);
  const counts = await manyDeckCounts(
    db,
    decks.map((deck) => ({ deckId: deck.id, settings: settingsForDeck(settings, deck) })),
    now
  );
  return decks.map((deck, i) => ({ deck, counts: counts[i] }));
}
