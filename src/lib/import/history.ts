import { createEmptyCard, type FSRS, type Grade } from 'ts-fsrs';
import { createScheduler, fromFsrsCard, logFields } from '../srs/scheduler';
import { DEFAULT_SETTINGS } from '../srs/settings';
import type { ImportedReview, ImportedSchedule } from './types';

let scheduler: FSRS | null = null;

/** Numbers per answer in `ImportedCard.answers`: revlog id (the answer's epoch ms), rating 1-4, duration ms. */
export const ANSWER_STRIDE = 3;

/**
 * A card's answers (flat triples, oldest first) replayed through FSRS with the app's default
 * settings: returns the schedule they lead to and hands each answer's review-log fields to
 * `onAnswer`. Rating, time and duration are the source's own. The FSRS fields and `before` (the
 * schedule before each answer) are reconstructed: Anki's revlog keeps only its own SM-2 interval
 * and ease, so the first answer starts from a new card and each later one from the state the
 * replay reached, which is what FSRS would have had with default parameters. The worker replays
 * for the schedule only; the write replays again for the rows, so a long history crosses from
 * the worker as three numbers per answer instead of a row object each.
 */
export function replayAnswers(answers: readonly number[], onAnswer?: (review: ImportedReview) => void): Omit<ImportedSchedule, 'suspended'> {
  scheduler ??= createScheduler(DEFAULT_SETTINGS);
  let card = createEmptyCard(new Date(answers[0]));
  for (let i = 0; i < answers.length; i += ANSWER_STRIDE) {
    const [time, rating, duration] = [answers[i], answers[i + 1], answers[i + 2]];
    const before = onAnswer ? fromFsrsCard(card) : null;
    const { card: next, log } = scheduler.next(card, new Date(time), rating as Grade);
    if (onAnswer)
      onAnswer({
        revlogId: time,
        rating,
        review: time,
        duration,
        ...logFields(log),
        before: before!
      });
    card = next;
  }
  return fromFsrsCard(card);
}
