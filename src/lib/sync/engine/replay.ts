import type { FSRS, Grade } from 'ts-fsrs';
import type { ReviewLogRow, Schedule } from '../../db/schema';
import { fromFsrsCard, toFsrsCard } from '../../srs/scheduler';
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
