import { CardState, Queue } from '../db/schema';
import { dayIndex, type DayRange } from './days';

/** The fields of a card the forecast reads. */
export interface DueLike {
  queue: number;
  due: number;
  /** For buried cards: the start of the study day on which the card comes back. */
  buriedUntil?: number;
  /** Needed for buried cards only, to leave out buried new cards. */
  state?: number;
}

/** Cards coming due per study day, split into learning (and relearning) and review cards. */
export class Forecast {
  readonly learning: Int32Array;
  readonly review: Int32Array;

  constructor(readonly range: DayRange) {
    this.learning = new Int32Array(range.count);
    this.review = new Int32Array(range.count);
  }

  /**
   * Counts a card on the day it is due; overdue cards count on the first day of the range (today).
   * New, suspended and retired cards are not due; buried cards count from the day they come back.
   */
  add(card: DueLike): void {
    let queue = card.queue;
    let due = card.due;
    if (queue === Queue.Buried) {
      if (card.state === undefined || card.state === CardState.New) return; // new (or unknown): never due
      queue = card.state === CardState.Review ? Queue.Review : Queue.Learning;
      due = Math.max(due, card.buriedUntil ?? -Infinity);
    }
    if (queue !== Queue.Learning && queue !== Queue.Review) return;
    const i = due < this.range.starts[0] ? 0 : dayIndex(this.range, due);
    if (i < 0) return;
    if (queue === Queue.Learning) this.learning[i]++;
    else this.review[i]++;
  }

  /** Learning plus review cards due on day i. */
  total(i: number): number {
    return this.learning[i] + this.review[i];
  }
}

export function forecast(cards: Iterable<DueLike>, range: DayRange): Forecast {
  const result = new Forecast(range);
  for (const card of cards) result.add(card);
  return result;
}
