import { createEmptyCard, type FSRS, type Grade } from 'ts-fsrs';
import { createScheduler, fromFsrsCard } from '../../srs/scheduler';
import { CardState } from '../../db/schema';
import { DEFAULT_SETTINGS } from '../../srs/settings';
import type { ImportedSchedule } from '../types';
import type { AnkiCard, AnkiReview } from './collection';

const DAY = 86_400_000;
let scheduler: FSRS | null = null;

/**
 * Scheduling state for a card from an Anki package. With review history, the answers are
 * replayed through FSRS (the app's scheduler with default settings); without it, the card's
 * interval and ease are translated. New cards get none (they arrive as new).
 */
export function scheduleFromAnki(card: AnkiCard, reviews: AnkiReview[], crt: number, now: number): ImportedSchedule | undefined {
  const suspended = card.queue === -1;
  // Answers only: learn, review, relearn, filtered (types 0-3) with a button 1-4.
  const answers = reviews.filter((r) => r.ease >= 1 && r.ease <= 4 && r.type >= 0 && r.type <= 3 && r.time <= now);
  if (card.type === 0 && answers.length === 0) return suspended ? { ...fresh(now), suspended } : undefined;
  if (answers.length > 0) {
    scheduler ??= createScheduler(DEFAULT_SETTINGS);
    let fsrsCard = createEmptyCard(new Date(answers[0].time));
    for (const r of answers) fsrsCard = scheduler.next(fsrsCard, new Date(r.time), r.ease as Grade).card;
    return { ...fromFsrsCard(fsrsCard), suspended };
  }
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

function fresh(now: number): Omit<ImportedSchedule, 'suspended'> {
  return { due: now, stability: 0, difficulty: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, state: CardState.New, lastReview: null };
}
