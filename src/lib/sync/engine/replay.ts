import type { FSRS, Grade } from 'ts-fsrs';
import type { CardRow, ReviewLogRow, Schedule } from '../../db/schema';
import { fromFsrsCard, pickSchedule, toFsrsCard } from '../../srs/scheduler';
import { withRecordedBalance } from '../../srs/balance/balanced-scheduler';

/** Log rows in the order they were answered: by time, then by id (UUIDv7, time-ordered) for equal times. */
export function answerOrder(a: ReviewLogRow, b: ReviewLogRow): number {
  return a.review - b.review || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * A card's schedule rebuilt from its whole merged log: from the schedule the card had before its
 * first answer (every log row keeps the schedule before it), each answer applied in time order
 * with the same ts-fsrs call as answering (srs/answer.ts), so a log answered on one device with
 * unchanged settings replays to exactly the schedule that device stored. An answer whose day the
 * load balancer chose takes that day again from its log row (withRecordedBalance): the balancer
 * weighed this device's calendar, which another device does not have. Null without answers.
 */
export function replayLog(scheduler: FSRS, logs: readonly ReviewLogRow[]): Schedule | null {
  const graded = logs.filter((l) => l.rating >= 1 && l.rating <= 4).sort(answerOrder);
  if (!graded.length) return null;
  let schedule = graded[0].before;
  for (const log of graded)
    schedule = fromFsrsCard(withRecordedBalance(scheduler.next(toFsrsCard(schedule), new Date(log.review), log.rating as Grade).card, log));
  return schedule;
}

/**
 * The cards among `cards` whose schedule a replay of their log changes, with the replayed schedule
 * applied; `logsOf` gives a card's whole merged log, `withoutLog` the schedule a card returns to
 * when no answer is left (an undo of its only answer). One scheduler per deck (its own limits).
 */
export function replaySchedules<C extends CardRow>(
  cards: readonly C[],
  logsOf: (cardId: string) => readonly ReviewLogRow[],
  schedulerFor: (deckId: string) => FSRS,
  withoutLog: ReadonlyMap<string, Schedule> = new Map()
): C[] {
  const changed: C[] = [];
  for (const card of cards) {
    const schedule = replayLog(schedulerFor(card.deckId), logsOf(card.id)) ?? withoutLog.get(card.id);
    if (schedule && !sameSchedule(schedule, card)) changed.push({ ...card, ...schedule });
  }
  return changed;
}

/** Whether `row` already has `schedule` (the replay of an unchanged log gives the stored one back). */
export function sameSchedule(schedule: Schedule, row: Schedule): boolean {
  return JSON.stringify(schedule) === JSON.stringify(pickSchedule(row));
}
