import { describe, expect, it } from 'vitest';
import { Rating, type Grade } from 'ts-fsrs';
import { recordAnswerThen } from '../../src/lib/srs/answer';
import { queueAfterAnswer, readAfterAnswer } from '../../src/lib/srs/after-answer';
import { guessNext, upcoming } from '../../src/lib/srs/next-guess';
import { deckTally, nextCard, type TodaysQueue } from '../../src/lib/srs/queue';
import type { QueueTally } from '../../src/lib/srs/queue-tally';
import { createScheduler, previewGrades } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS, type StudySettings } from '../../src/lib/srs/settings';
import { seededRandom } from '../../src/lib/random';
import { seededDb } from './db-helpers';

const MIN = 60_000;
const DAY = 86_400_000;

describe('the next card guessed before the answer commits (next-guess.ts)', () => {
  it('is the card and counts the answer reads whenever it guesses, over random answers, pauses and days', async () => {
    // Small limits so they bind, a learn-ahead window that sometimes holds the answered card, and
    // a 3-hour step that puts some learning cards past the end of the study day.
    const settings: StudySettings = { ...DEFAULT_SETTINGS, newPerDay: 6, reviewsPerDay: 5, learningSteps: ['1m', '10m', '3h'], learnAheadMinutes: 5 };
    const scheduler = createScheduler(settings);
    const random = seededRandom(17);
    let now = new Date(2026, 0, 10, 9).getTime();
    const db = await seededDb('d', 40, now);
    const grades: Grade[] = [Rating.Again, Rating.Hard, Rating.Good, Rating.Good, Rating.Easy];
    let tally: QueueTally | null = await deckTally(db, 'd', now, settings);
    let shown = await nextCard(db, 'd', now, settings);
    let guessed = 0;
    let answers = 0;
    while (shown && answers < 400) {
      // As the study screen does: what can come next is read once the card is painted, the grades previewed.
      const shownAt = now;
      const ahead = await upcoming(db, 'd', shown.id, now, settings);
      const preview = previewGrades(scheduler, shown, shownAt);
      now += random() < 0.03 ? DAY : Math.floor(random() * 8 * MIN) + 1000;
      const grade = grades[Math.floor(random() * grades.length)];
      const guess = guessNext({ upcoming: ahead, shown, after: preview[grade], previewedAt: shownAt, now, s: settings, tally });
      const card = shown;
      const before: QueueTally | null = tally;
      const outcome = await recordAnswerThen(db, scheduler, { cardId: card.id, grade, now, durationMs: 1000, shown: card }, (tx) =>
        readAfterAnswer(tx, 'd', card.id, now, settings, before)
      );
      const queue: TodaysQueue = queueAfterAnswer(outcome.next, card, outcome.log, now, settings)!;
      answers++;
      if (guess) {
        guessed++;
        expect(guess.card.id, `answer ${answers}`).toBe(queue.card?.id);
        expect(guess.counts, `answer ${answers}`).toEqual(queue.counts);
      }
      tally = queue.tally;
      shown = queue.card;
      if (!shown) {
        // Done for today: come back tomorrow, as a person would.
        now += DAY;
        tally = await deckTally(db, 'd', now, settings);
        shown = await nextCard(db, 'd', now, settings);
      }
    }
    expect(answers).toBe(400);
    // Most answers are guessed: the misses are new days, the answered card coming straight back, and the end of the queue.
    expect(guessed / answers).toBeGreaterThan(0.6);
  }, 30_000);

  it('makes no guess when the answer may bury siblings, the day changed, or nothing else is due', async () => {
    const now = new Date(2026, 0, 10, 9).getTime();
    const scheduler = createScheduler(DEFAULT_SETTINGS);
    const db = await seededDb('d', 3, now);
    const shown = (await nextCard(db, 'd', now, DEFAULT_SETTINGS))!;
    const tally = await deckTally(db, 'd', now, DEFAULT_SETTINGS);
    const ahead = await upcoming(db, 'd', shown.id, now, DEFAULT_SETTINGS);
    const after = previewGrades(scheduler, shown, now)[Rating.Good];
    const input = { upcoming: ahead, shown, after, previewedAt: now, now: now + 5000, s: DEFAULT_SETTINGS, tally };
    expect(guessNext(input)?.card.id).toBe('d-c1');
    expect(guessNext({ ...input, s: { ...DEFAULT_SETTINGS, buryNewSiblings: true } })).toBeNull();
    expect(guessNext({ ...input, now: now + DAY })).toBeNull();
    expect(guessNext({ ...input, tally: null })).toBeNull();
    // Read for another card than the one answered.
    expect(guessNext({ ...input, upcoming: { ...ahead, shownId: 'd-c2' } })).toBeNull();
    // The new-card limit reached with this answer: only the answered card (back in learning) is left.
    expect(guessNext({ ...input, s: { ...DEFAULT_SETTINGS, newPerDay: 1 }, after: previewGrades(scheduler, shown, now)[Rating.Again] })).toBeNull();
  });
});
