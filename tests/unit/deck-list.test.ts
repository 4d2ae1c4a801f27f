// The deck list's rows (deckSummaries, one transaction for settings, decks and counts): the decks
// in list order without hidden ones, each counted with its own daily limits over the user's settings.
import { describe, expect, it } from 'vitest';
import { setDeckHidden, updateDeck } from '../../src/lib/decks/manage';
import { deckSummaries } from '../../src/lib/decks/deck-list';
import { syncBuiltinDeck } from '../../src/lib/decks/sync';
import { Rating } from 'ts-fsrs';
import { recordAnswer } from '../../src/lib/srs/answer';
import { deckCounts } from '../../src/lib/srs/queue';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS, settingsForDeck } from '../../src/lib/srs/settings';
import { saveSettings } from '../../src/lib/srs/settings-store';
import { freshDb, makeDeck } from './db-helpers';

const NOW = Date.UTC(2026, 0, 10, 12);

describe('deck list summaries', () => {
  it('lists visible decks in position order, each counted with its own limits over the stored settings', async () => {
    const db = freshDb();
    await syncBuiltinDeck(db, makeDeck('a', 12), 1, NOW);
    await syncBuiltinDeck(db, makeDeck('b', 8), 0, NOW);
    await syncBuiltinDeck(db, makeDeck('c', 5), 2, NOW);
    const settings = await saveSettings(db, { newPerDay: 10 });
    await updateDeck(db, 'b', { newPerDay: 3 });
    await setDeckHidden(db, 'c', true);
    // Answers: two in a today, one in b today, one in a yesterday (not today's).
    const scheduler = createScheduler(settings);
    await recordAnswer(db, scheduler, 'a-c0', Rating.Good, NOW - 86_400_000, 1000);
    await recordAnswer(db, scheduler, 'a-c1', Rating.Good, NOW - 60_000, 1000);
    await recordAnswer(db, scheduler, 'a-c2', Rating.Again, NOW - 30_000, 1000);
    await recordAnswer(db, scheduler, 'b-c0', Rating.Easy, NOW - 10_000, 1000);

    const rows = await deckSummaries(db, NOW);
    expect(rows.map((r) => r.deck.id)).toEqual(['b', 'a']);
    // b: 3 a day, one introduced today; a: 10 a day, two introduced today (yesterday's does not count), 9 left in the deck.
    expect(rows.map((r) => [r.counts.newCount, r.counts.answeredToday])).toEqual([
      [2, 1],
      [8, 2]
    ]);
    for (const { deck, counts } of rows) expect(counts).toEqual(await deckCounts(db, deck.id, NOW, settingsForDeck(settings, deck)));
    expect(settings).not.toEqual(DEFAULT_SETTINGS);
  });

  it('gives an empty list for a database with no decks', async () => {
    expect(await deckSummaries(freshDb(), NOW)).toEqual([]);
  });
});
