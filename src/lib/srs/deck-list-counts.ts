import { request, type ReadTx } from '../db/raw';
import { Queue } from '../db/schema';
import { nextStudyDayStart, studyDayStart } from './day';
import { answeredToday, cardsByDue, dueRange, wholeQueue } from './queue';
import { limitsLeft, type DeckCounts } from './queue-tally';
import type { StudySettings } from './settings';

// Apart from queue.ts: the study screen's first paint loads that module, and never needs these.

/**
 * deckCounts of several decks (the deck list), in a transaction over cards and reviewLogs (and any
 * other stores): one transaction per deck cost the list more than its counts.
 */
export function manyDeckCountsIn(tx: ReadTx, decks: readonly { deckId: string; settings: StudySettings }[], now: number): Promise<DeckCounts[]> {
  return Promise.all(decks.map(({ deckId, settings }) => limitedCountsIn(tx, deckId, now, settings)));
}

/** Above this limit a capped read costs more than counting the range whole. */
const READ_KEYS_UP_TO = 1000;

/**
 * Keys in `range`, counted only as far as `cap`: index counts walk every key in range (most of the
 * deck list's time at 50k cards), where the list shows no more than today's limits allow.
 */
function countUpTo(index: IDBIndex, range: IDBKeyRange, cap: number): Promise<number> {
  if (cap <= 0) return Promise.resolve(0); // getAllKeys' count 0 means no limit
  if (cap > READ_KEYS_UP_TO) return request(index.count(range)).then((n) => Math.min(n, cap));
  return request(index.getAllKeys(range, cap)).then((keys) => keys.length);
}

/**
 * deckCounts with the new and review queues read only up to today's limits: today's answers are
 * counted first (small ranges, today's log rows), then at most what is left of each limit.
 */
async function limitedCountsIn(tx: ReadTx, deckId: string, now: number, s: StudySettings): Promise<DeckCounts> {
  const dayEnd = nextStudyDayStart(now, s.rolloverHour);
  const cards = cardsByDue(tx);
  const today = answeredToday(tx, deckId, studyDayStart(now, s.rolloverHour));
  const capped = Promise.all([today.newIntroduced, today.reviews]).then(([newIntroduced, reviews]) => {
    const { newLeft, reviewsLeft } = limitsLeft(s, newIntroduced, reviews);
    return Promise.all([
      countUpTo(cards, wholeQueue(deckId, Queue.New), newLeft),
      countUpTo(cards, dueRange(deckId, Queue.Review, -Infinity, dayEnd), reviewsLeft)
    ]);
  });
  const [[newCount, reviewCount], learningCount, answered] = await Promise.all([
    capped,
    request(cards.count(dueRange(deckId, Queue.Learning, -Infinity, dayEnd))),
    today.total
  ]);
  return { newCount, learningCount, reviewCount, answeredToday: answered };
}
