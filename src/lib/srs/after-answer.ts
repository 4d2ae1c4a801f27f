import { request, type ReadTx } from '../db/raw';
import type { CardRow, ReviewLogRow } from '../db/schema';
import { Store } from '../db/stores';
import { studyDayStart } from './day';
import { nextCandidatesIn, pickNext, todaysQueueIn, type NextCandidates, type TodaysQueue } from './queue';
import { countsFromTally, tallyAfterAnswer, type QueueTally } from './queue-tally';
import type { StudySettings } from './settings';

/** What the answer's transaction read for the study screen (readAfterAnswer). */
export type AfterAnswerRead = { counted: TodaysQueue } | { tally: QueueTally; answered: CardRow | undefined; candidates: NextCandidates };

/**
 * Reads, in the answer's own transaction (so it sees the answer), what the study screen shows
 * next. With today's tally known, that is the answered card as written and the first card of
 * each queue (single-row reads): the counts follow from the answer (queueAfterAnswer). Without one (first answer, another tab changed the deck, a new
 * study day) everything is counted.
 */
export async function readAfterAnswer(
  tx: ReadTx,
  deckId: string,
  cardId: string,
  now: number,
  s: StudySettings,
  tally: QueueTally | null
): Promise<AfterAnswerRead> {
  if (!tally || tally.dayStart !== studyDayStart(now, s.rolloverHour)) return { counted: await todaysQueueIn(tx, deckId, now, s) };
  const [answered, candidates] = await Promise.all([
    request<CardRow | undefined>(tx.objectStore(Store.cards).get(cardId)),
    nextCandidatesIn(tx, deckId, now, s)
  ]);
  return { tally, answered, candidates };
}

/**
 * The next card and counts once the answer has committed; null when they must be counted
 * afresh: the answer was refused (`log` null) because the card changed in another tab, which
 * may have changed the counts too. Only for answers written by this call: a kept answer written
 * again (`Answer.logId`, found already there) would be counted twice, so its retry counts afresh.
 * `buried`: the siblings the answer buried (AnswerSideEffects), which leave today's counts.
 */
export function queueAfterAnswer(
  read: AfterAnswerRead,
  shown: CardRow,
  log: ReviewLogRow | null,
  now: number,
  s: StudySettings,
  buried: readonly CardRow[] = []
): TodaysQueue | null {
  if ('counted' in read) return read.counted;
  if (!log) return null;
  const buriedHere = buried.filter((c) => c.deckId === shown.deckId);
  const tally = tallyAfterAnswer(read.tally, shown, read.answered, log, buriedHere);
  return { card: pickNext(read.candidates, now, s, tally.newIntroduced, tally.reviews), counts: countsFromTally(tally, s), tally };
}
