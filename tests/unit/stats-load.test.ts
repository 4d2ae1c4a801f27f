import { describe, expect, it } from 'vitest';
import { Queue, type ReviewLogRow } from '../../src/lib/db/schema';
import { uuidv7 } from '../../src/lib/db/ids';
import { loadStats } from '../../src/lib/stats/load';
import { statsView } from '../../src/lib/stats/view';
import { saveSettings } from '../../src/lib/srs/settings-store';
import { seededDb, fixtureWrite } from './db-helpers';

const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const now = local(2026, 3, 10, 15);

function log(cardId: string, review: number, state: number, rating: number, duration = 20_000): ReviewLogRow {
  const before = { due: review, stability: 1, difficulty: 5, scheduledDays: 1, learningSteps: 0, reps: 1, lapses: 0, state, lastReview: null };
  return {
    id: uuidv7(review),
    cardId,
    deckId: 'd',
    rating,
    review,
    duration,
    state,
    due: review,
    stability: 1,
    difficulty: 5,
    elapsedDays: 1,
    scheduledDays: 1,
    learningSteps: 0,
    before
  };
}

describe('loading statistics from the database', () => {
  it('reads history, forecast and cards through the indexes and adds them up', async () => {
    const db = await seededDb('d', 10, now - 500 * 86400_000);
    await saveSettings(db, { desiredRetention: 0.85, rolloverHour: 4 });
    // Cards: c0 mature review due tomorrow with 4 lapses, c1 young review overdue, c2 relearning due
    // later today, c3 suspended review card, the rest new.
    await fixtureWrite(db, () =>
      db.cards.update('d-c0', { state: 2, queue: Queue.Review, scheduledDays: 30, due: local(2026, 3, 11, 9), lapses: 4, reps: 12 })
    );
    await fixtureWrite(db, () => db.cards.update('d-c1', { state: 2, queue: Queue.Review, scheduledDays: 3, due: local(2026, 3, 1, 9), lapses: 1, reps: 4 }));
    await fixtureWrite(db, () =>
      db.cards.update('d-c2', { state: 3, queue: Queue.Learning, scheduledDays: 0, due: local(2026, 3, 10, 20), lapses: 2, reps: 6 })
    );
    await fixtureWrite(db, () => db.cards.update('d-c3', { state: 2, queue: Queue.Suspended, suspended: true, scheduledDays: 50, due: local(2026, 3, 10, 9) }));

    const logs: ReviewLogRow[] = [
      // Three study days in a row well over a year ago (the longest streak): only the first answer
      // of each day is looked up. 02:00 on 8 January still belongs to 7 January.
      log('d-c0', local(2025, 1, 5, 10), 0, 3),
      log('d-c0', local(2025, 1, 6, 10), 1, 3),
      log('d-c0', local(2025, 1, 6, 11), 1, 3),
      log('d-c0', local(2025, 1, 7, 10), 2, 3),
      log('d-c0', local(2025, 1, 8, 2), 2, 3),
      log('d-c0', local(2025, 1, 10, 10), 2, 3),
      // 8 and 9 March (one at 02:00 on 9 March, still 8 March's study day); nothing yet today.
      log('d-c1', local(2026, 3, 8, 20), 2, 1, 30_000),
      log('d-c1', local(2026, 3, 9, 2), 2, 3, 60 * 60_000),
      log('d-c2', local(2026, 3, 9, 12), 2, 3),
      log('d-c2', local(2026, 3, 9, 13), 0, 1)
    ];
    await fixtureWrite(db, () => db.reviewLogs.bulkAdd(logs));

    const report = await loadStats(db, now);
    expect(report.totalReviews).toBe(10);
    expect(report.streaks).toMatchObject({ current: 2, longest: 3 });
    expect(report.desiredRetention).toBe(0.85);
    const today = report.year.range.count - 1;
    expect(Array.from(report.year.reviews.subarray(today - 2))).toEqual([2, 2, 0]);
    expect(report.year.timeMs[today - 2]).toBe(30_000 + 5 * 60_000);
    expect(report.forecast.review[0]).toBe(1); // c1, overdue
    expect(report.forecast.learning[0]).toBe(1); // c2, later today
    expect(report.forecast.review[1]).toBe(1); // c0
    expect(report.cards.states).toEqual({ new: 6, learning: 0, review: 2, relearning: 1, suspended: 1 });
    expect(report.cards.decks.get('d')).toEqual({ total: 10, seen: 4, mature: 2 });
    expect(report.cards.hardest.map((c) => [c.id, c.lapses])).toEqual([
      ['d-c0', 4],
      ['d-c2', 2],
      ['d-c1', 1]
    ]);

    const view = statsView(report);
    expect(view.key).toMatchObject({ currentStreak: 2, longestStreak: 3, reviewsToday: 0, totalReviews: 10, activeDays: 2, dueToday: 2 });
    // Review-state answers in the last 30 days: Again, Good, Good → 2 of 3.
    expect(view.key.retention30).toBeCloseTo(2 / 3);
    expect(view.retention.target).toBe(0.85);
    expect(view.recent.labels).toHaveLength(30);
    expect(view.decks.map((d) => [d.deck.id, d.progress.seen, d.progress.total])).toEqual([['d', 4, 10]]);
    expect(view.hardest[0].deckTitle).toBe('Deck d');
  });

  it('works on an empty history', async () => {
    const db = await seededDb('d', 3, now);
    const view = statsView(await loadStats(db, now));
    expect(view.key).toMatchObject({ currentStreak: 0, longestStreak: 0, totalReviews: 0, activeDays: 0, dueToday: 0, retention30: null });
    expect(view.states).toMatchObject({ new: 3, total: 3 });
    expect(view.hardest).toEqual([]);
  });

  it('leaves decks the user hid out of the deck progress, not out of the card counts', async () => {
    const db = await seededDb('d', 3, now);
    await fixtureWrite(db, () => db.decks.update('d', { hidden: true }));
    const view = statsView(await loadStats(db, now));
    expect(view.decks).toEqual([]);
    expect(view.states.new).toBe(3);
  });
});
