import { read, request, type Readable } from '../db/raw';
import type { DeckRow, SettingRow } from '../db/schema';
import { DeckIndex, Store } from '../db/stores';
import { manyDeckCountsIn } from '../srs/deck-list-counts';
import type { DeckCounts } from '../srs/queue';
import { settingsForDeck, STUDY_SETTINGS_KEY, studySettingsFrom } from '../srs/settings';

export interface DeckSummary {
  deck: DeckRow;
  counts: DeckCounts;
}

export interface DeckList {
  summaries: DeckSummary[];
  /** Hidden decks, in list order (reached through their options). */
  hidden: DeckRow[];
}

/**
 * Every visible deck in list order with today's counts, and the hidden decks, read through indexes
 * in one transaction with the settings and the decks themselves: one consistent view, one round
 * trip where there were three in a row (not a measurable gain at 50k cards: docs/BENCHMARK.md §29).
 */
export function deckList(db: Readable, now = Date.now()): Promise<DeckList> {
  return read(db, [Store.settings, Store.decks, Store.cards, Store.reviewLogs], async (tx) => {
    const [settingsRow, decks] = await Promise.all([
      request<SettingRow | undefined>(tx.objectStore(Store.settings).get(STUDY_SETTINGS_KEY)),
      request<DeckRow[]>(tx.objectStore(Store.decks).index(DeckIndex.position).getAll())
    ]);
    const settings = studySettingsFrom(settingsRow);
    const visible = decks.filter((deck) => !deck.hidden);
    const counts = await manyDeckCountsIn(
      tx,
      visible.map((deck) => ({ deckId: deck.id, settings: settingsForDeck(settings, deck) })),
      now
    );
    return { summaries: visible.map((deck, i) => ({ deck, counts: counts[i] })), hidden: decks.filter((deck) => deck.hidden) };
  });
}

/** The visible decks of deckList with their counts. */
export function deckSummaries(db: Readable, now = Date.now()): Promise<DeckSummary[]> {
  return deckList(db, now).then((list) => list.summaries);
}
