// The deck list's rows (deckSummaries, one transaction for settings, decks and counts): the decks
// in list order without hidden ones, each counted with its own daily limits over the user's settings.
import { describe, expect, it } from 'vitest';
import { setDeckHidden, updateDeck } from '../../src/lib/decks/manage';
import { deckSummaries } from '../../src/lib/decks/deck-list';
import { syncBuiltinDeck } from '../../src/lib/decks/sync';
import { Rating } from 'ts-fsrs';
import { recordAnswer } from '../../src/lib/srs/answer';
import { deckCounts, deckTally, nextCard } from '../../src/lib/srs/queue';
import { countsFromTally } from '../../src/lib/srs/queue-tally';
import { seededRandom } from '../../src/lib/random';
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

  it('reads the new and review queues only up to the limits, and equals the whole counts with the limits applied', async () => {
    // Decks whose limits bind (0, 1, a few), do not bind, or are above the capped read's ceiling
    // (5000: counted whole), over random answers on three days, so some limits are used up.
    const limits = [
      { newPerDay: 0, reviewsPerDay: 0 },
      { newPerDay: 1, reviewsPerDay: 1 },
      { newPerDay: 4, reviewsPerDay: 3 },
      { newPerDay: 60, reviewsPerDay: 60 },
      { newPerDay: 5000, reviewsPerDay: 5000 }
    ];
    const db = freshDb();
    const random = seededRandom(5);
    let now = new Date(2026, 0, 10, 9).getTime();
    for (const [i, limit] of limits.entries()) {
      await syncBuiltinDeck(db, makeDeck(`d${i}`, 30), i, now);
      await updateDeck(db, `d${i}`, limit);
    }
    const settings = await saveSettings(db, { newPerDay: 8, reviewsPerDay: 8 });
    const scheduler = createScheduler(settings);
    const grades = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy] as const;
    for (let day = 0; day < 3; day++) {
      for (let n = 0; n < 60; n++) {
        const deckId = `d${Math.floor(random() * limits.length)}`;
        // Studied with limits high enough that every deck gets answers, reviews among them.
        const card = await nextCard(db, deckId, now, { ...settings, newPerDay: 99, reviewsPerDay: 99 });
        if (card) await recordAnswer(db, scheduler, card.id, grades[Math.floor(random() * grades.length)], now, 1000);
        now += Math.floor(random() * 20 * 60_000);
      }
      const rows = await deckSummaries(db, now);
      expect(rows).toHaveLength(limits.length);
      for (const { deck, counts } of rows) {
        const s = settingsForDeck(settings, deck);
        expect(counts, `${deck.id} on day ${day}`).toEqual(countsFromTally(await deckTally(db, deck.id, now, s), s));
      }
      now += 86_400_000;
    }
  });

  it('counts a queue whole above the capped read and still shows no more than the limit', async () => {
    const db = freshDb();
    await syncBuiltinDeck(db, makeDeck('big', 1100), 0, NOW);
    await saveSettings(db, { newPerDay: 1050 });
    const [row] = await deckSummaries(db, NOW);
    expect(row.counts.newCount).toBe(1050);
  });

  it('gives an empty list for a database with no decks', async () => {
    expect(await deckSummaries(freshDb(), NOW)).toEqual([]);
  });
});
