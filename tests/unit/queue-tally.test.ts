import { describe, expect, it } from 'vitest';
import { Rating, type Grade } from 'ts-fsrs';
import { recordAnswerThen } from '../../src/lib/srs/answer';
import { queueAfterAnswer, readAfterAnswer } from '../../src/lib/srs/after-answer';
import { deckCounts, nextCard, type TodaysQueue } from '../../src/lib/srs/queue';
import type { QueueTally } from '../../src/lib/srs/queue-tally';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS, type StudySettings } from '../../src/lib/srs/settings';
import { seededRandom } from '../../src/lib/random';
import { seededDb } from './db-helpers';

const MIN = 60_000;
const DAY = 86_400_000;

describe('header counts followed from the answers (queue-tally.ts)', () => {
  it('equal a fresh count and pick the same next card after every answer, over random answers and days', async () => {
    // Small limits so they bind; several days so reviews come due and the day rolls over.
    // A 3-hour learning step puts some learning cards past the end of the study day.
    const settings: StudySettings = { ...DEFAULT_SETTINGS, newPerDay: 7, reviewsPerDay: 5, learningSteps: ['10m', '3h'] };
    const scheduler = createScheduler(settings);
    const random = seededRandom(2026);
    let now = new Date(2026, 0, 10, 9).getTime();
    const db = await seededDb('d', 60, now);
    const grades: Grade[] = [Rating.Again, Rating.Hard, Rating.Good, Rating.Good, Rating.Easy];
    let tally: QueueTally | null = null;
    let followed = 0;
    let next = await nextCard(db, 'd', now, settings);
    for (let i = 0; i < 400; i++) {
      now += random() < 0.04 ? DAY : Math.floor(random() * 25 * MIN);
      // Mostly the card the queue offers; sometimes any card of the deck (a resumed or learn-ahead card).
      const all = await db.cards.where('deckId').equals('d').toArray();
      const shown = next && random() < 0.8 ? (await db.cards.get(next.id))! : all[Math.floor(random() * all.length)];
      const grade = grades[Math.floor(random() * grades.length)];
      const before: QueueTally | null = tally;
      // As the study screen does: the next card is read in the answer's transaction, right after its writes are issued.
      const outcome = await recordAnswerThen(db, scheduler, { cardId: shown.id, grade, now, durationMs: 1000, shown }, (tx) =>
        readAfterAnswer(tx, 'd', shown.id, now, settings, before)
      );
      if (!('counted' in outcome.next)) followed++;
      const queue: TodaysQueue = queueAfterAnswer(outcome.next, shown, outcome.log, now, settings)!;
      expect(queue.counts, `answer ${i}`).toEqual(await deckCounts(db, 'd', now, settings));
      expect(queue.card?.id ?? null, `answer ${i}`).toBe((await nextCard(db, 'd', now, settings))?.id ?? null);
      tally = queue.tally;
      next = queue.card;
    }
    // Most answers were followed without counting (the others began a new study day).
    expect(followed).toBeGreaterThan(300);
  }, 30_000); // 400 answers, each checked against a fresh count: seconds on a loaded machine

  it('asks for a fresh count when the answer was refused (the card changed in another tab)', async () => {
    const now = new Date(2026, 0, 10, 9).getTime();
    const settings = DEFAULT_SETTINGS;
    const scheduler = createScheduler(settings);
    const db = await seededDb('d', 3, now);
    const shown = (await db.cards.get('d-c0'))!;
    const first = await recordAnswerThen(db, scheduler, { cardId: shown.id, grade: Rating.Good, now, durationMs: 1000, shown }, (tx) =>
      readAfterAnswer(tx, 'd', shown.id, now, settings, null)
    );
    const tally = queueAfterAnswer(first.next, shown, first.log, now, settings)!.tally;
    // The same card, as this tab still shows it, answered again: refused, so nothing to follow.
    const again = await recordAnswerThen(db, scheduler, { cardId: shown.id, grade: Rating.Good, now: now + 1, durationMs: 1000, shown }, (tx) =>
      readAfterAnswer(tx, 'd', shown.id, now + 1, settings, tally)
    );
    expect(again.stale).toBe('answered');
    expect(queueAfterAnswer(again.next, shown, again.log, now + 1, settings)).toBeNull();
  });
});
