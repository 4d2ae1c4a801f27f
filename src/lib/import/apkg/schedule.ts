import { CardState } from '../../db/schema';
import { newSchedule } from '../../srs/scheduler';
import { replayAnswers } from '../history';
import type { ImportedSchedule } from '../types';
import type { AnkiCard, AnkiReview } from './collection';

const DAY = 86_400_000;

/**
 * A card's Anki answers (revlog types 0-3, learn to filtered, with a button 1-4; rescheduling
 * entries and answers after `now` are not answers) as flat triples for `ImportedCard.answers`, and
 * the schedule FSRS reaches by replaying them (history.ts). Null when there is none.
 */
export function historyFromAnki(reviews: AnkiReview[], now: number): { schedule: Omit<ImportedSchedule, 'suspended'>; answers: number[] } | null {
  const answers: number[] = [];
  for (const r of reviews) if (r.ease >= 1 && r.ease <= 4 && r.type >= 0 && r.type <= 3 && r.time <= now) answers.push(r.time, r.ease, r.duration);
  return answers.length ? { schedule: replayAnswers(answers), answers } : null;
}

/**
 * Scheduling state for a card from an Anki package. With review history, the answers are
 * replayed through FSRS (historyFromAnki); without it, the card's interval and ease are
 * translated. New cards get none (they arrive as new).
 */
export function scheduleFromAnki(
  card: AnkiCard,
  reviews: AnkiReview[],
  crt: number,
  now: number,
  history = historyFromAnki(reviews, now)
): ImportedSchedule | undefined {
  const suspended = card.queue === -1;
  if (card.type === 0 && !history) return suspended ? { ...newSchedule(now), suspended } : undefined;
  if (history) return { ...history.schedule, suspended };
  // Scheduling without history: interval in days, ease in permille.
  const ivl = Math.max(card.ivl, 0);
  const due = card.type === 2 || card.queue === 3 ? (crt + card.due * 86_400) * 1000 : card.queue === 1 ? card.due * 1000 : now;
  const difficulty = Math.min(10, Math.max(1, 5 - ((card.factor || 2500) - 2500) / 240));
  return {
    due: Number.isFinite(due) ? due : now,
    stability: Math.max(ivl, 0.5),
    difficulty,
    scheduledDays: ivl,
    learningSteps: 0,
    reps: card.reps,
    lapses: card.lapses,
    // Anki's card types 1-3 (learning, review, relearning) have the numbers of CardState.
    state: card.type >= 1 && card.type <= 3 ? card.type : CardState.Review,
    lastReview: card.type === 2 ? Math.min(now, due - ivl * DAY) : null,
    suspended
  };
}
