import { describe, expect, it } from 'vitest';
import { Queue } from '../../src/lib/db/schema';
import { CardTally, cardStats, MATURE_DAYS, type CardLike } from '../../src/lib/stats/cards';

let n = 0;
const card = (over: Partial<CardLike>): CardLike => ({
  id: `c${++n}`,
  deckId: 'a',
  front: 'Q',
  queue: Queue.Review,
  state: 2,
  scheduledDays: 3,
  lapses: 0,
  reps: 3,
  ...over
});

describe('card statistics', () => {
  it('counts cards by state, with suspended cards on their own and retired or deleted cards left out', () => {
    const stats = cardStats([
      card({ queue: Queue.New, state: 0 }),
      card({ queue: Queue.Learning, state: 1 }),
      card({ queue: Queue.Learning, state: 3 }),
      card({ queue: Queue.Review, state: 2 }),
      card({ queue: Queue.Review, state: 2 }),
      card({ queue: Queue.Suspended, state: 2 }),
      card({ queue: Queue.Suspended, state: 0 }),
      card({ queue: Queue.Retired, state: 2, retired: true }),
      card({ queue: Queue.Retired, state: 2, deleted: true })
    ]);
    expect(stats.states).toEqual({ new: 1, learning: 1, review: 2, relearning: 1, suspended: 2 });
  });

  it('tracks per-deck progress: seen cards and mature cards (interval of 21 days or more)', () => {
    const tally = new CardTally();
    tally.addNew('a', 5);
    tally.addNew('b', 2);
    tally.add(card({ deckId: 'a', scheduledDays: MATURE_DAYS }));
    tally.add(card({ deckId: 'a', scheduledDays: MATURE_DAYS - 1 }));
    tally.add(card({ deckId: 'a', queue: Queue.Learning, state: 3, scheduledDays: 40 })); // relearning: not mature
    tally.add(card({ deckId: 'b', queue: Queue.Suspended, state: 0 })); // suspended, never seen
    const { decks, states } = tally.result();
    expect(decks.get('a')).toEqual({ total: 8, seen: 3, mature: 1 });
    expect(decks.get('b')).toEqual({ total: 3, seen: 0, mature: 0 });
    expect(states.new).toBe(7);
  });

  it('lists the cards with the most lapses, most first, up to the limit', () => {
    const cards = [3, 0, 7, 1, 7, 2, 5].map((lapses, i) => card({ id: `h${i}`, lapses, reps: 10 + i, deckId: i % 2 ? 'a' : 'b' }));
    const { hardest } = cardStats(cards, 3);
    expect(hardest.map((c) => [c.id, c.lapses])).toEqual([
      ['h4', 7], // same lapses as h2, more answers
      ['h2', 7],
      ['h6', 5]
    ]);
    expect(hardest[0].deckId).toBe('b');
    expect(cardStats([card({ lapses: 0 })]).hardest).toEqual([]);
  });
});
