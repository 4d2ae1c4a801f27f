import { dateDiffInDays, forgetting_curve, type Grade } from 'ts-fsrs';
import { CardState, type ReviewLogRow, type Schedule } from '../db/schema';
import { createScheduler, fromFsrsCard, newSchedule, reviewLogRow, toFsrsCard } from '../srs/scheduler';
import { DEFAULT_SETTINGS } from '../srs/settings';
import { prng } from './optimize';

/**
 * Synthetic learners for tests: each card is studied by someone whose memory follows FSRS with
 * KNOWN weights. At each review the true retrievability decides (with a seeded PRNG) whether
 * the card is recalled; a failure is graded Again, a success Hard/Good/Easy with fixed odds; the
 * next review is scheduled by the app's own scheduler built with the true weights. Not used by
 * the app itself.
 */

export interface SimulationOptions {
  /** The learner's true FSRS weights (21). */
  weights: number[];
  cardIds: string[];
  deckId: string;
  /** First day of the simulation (epoch ms). */
  start: number;
  days: number;
  seed: number;
  /** Odds of Again/Hard/Good/Easy on a card's very first answer. */
  firstAnswer?: [number, number, number, number];
  /** Odds of Hard/Good/Easy when a card is recalled. */
  recalled?: [number, number, number];
  /** Chance that a review is done late, by up to half the interval. */
  lateChance?: number;
}

export interface SimulatedCard {
  cardId: string;
  logs: ReviewLogRow[];
  schedule: Schedule;
}

const DAY = 86_400_000;

function pick(random: () => number, odds: readonly number[]): number {
  let x = random() * odds.reduce((a, b) => a + b, 0);
  for (let i = 0; i < odds.length; i++) {
    x -= odds[i];
    if (x < 0) return i;
  }
  return odds.length - 1;
}

export function simulate(options: SimulationOptions): SimulatedCard[] {
  const { weights, cardIds, deckId, start, days, seed } = options;
  const firstAnswer = options.firstAnswer ?? [0.25, 0.1, 0.55, 0.1];
  const recalled = options.recalled ?? [0.1, 0.75, 0.15];
  const lateChance = options.lateChance ?? 0.35;
  const scheduler = createScheduler({ ...DEFAULT_SETTINGS, weights });
  const random = prng(seed);
  const end = start + days * DAY;

  return cardIds.map((cardId) => {
    // Cards are introduced over the first 60% of the period, during waking hours.
    let now = start + Math.floor(random() * days * 0.6) * DAY + (8 + random() * 14) * 3_600_000;
    let schedule = newSchedule(now);
    const logs: ReviewLogRow[] = [];
    while (now < end) {
      let grade: Grade;
      if (schedule.state === CardState.New) grade = (pick(random, firstAnswer) + 1) as Grade;
      else {
        const last = schedule.lastReview!;
        const days = dateDiffInDays(new Date(last), new Date(now));
        // Whole days between reviews as ts-fsrs counts them; within a day, the fraction elapsed.
        const elapsed = days > 0 ? days : (now - last) / DAY;
        const r = forgetting_curve(weights, elapsed, schedule.stability);
        grade = random() < r ? ((pick(random, recalled) + 2) as Grade) : 1;
      }
      const before = schedule;
      const { card, log } = scheduler.next(toFsrsCard(before), new Date(now), grade);
      schedule = fromFsrsCard(card);
      logs.push(reviewLogRow({ cardId, deckId, grade, now, duration: 3000 + Math.floor(random() * 9000), before }, log));
      const interval = Math.max(schedule.due - now, 60_000);
      let next = schedule.due + Math.floor(random() * 5 * 60_000);
      if (interval >= DAY && random() < lateChance) next += Math.floor(random() * 0.5 * interval);
      now = Math.max(next, now + 60_000);
    }
    return { cardId, logs, schedule };
  });
}
