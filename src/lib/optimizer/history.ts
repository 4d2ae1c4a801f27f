import { dateDiffInDays } from 'ts-fsrs';
import { CardState } from '../db/schema';

/**
 * Review histories in the compact form the optimizer works on: every sequence is one card's
 * answers in time order, concatenated. `deltas[i]` is the number of calendar days (UTC, as
 * ts-fsrs counts them when it schedules) since the previous answer of the same sequence; the
 * first answer of a sequence has 0. `times[i]` is when the answer was given (epoch ms), so the
 * set can be split by time. Plain typed arrays, so the set moves to a worker for free.
 */
export interface HistorySet {
  ratings: Uint8Array;
  deltas: Uint32Array;
  times: Float64Array;
  lengths: Uint32Array;
}

/** What a sequence is built from: one review log row, reduced to what FSRS learns from. */
export interface Answer {
  rating: number;
  /** When it was given (epoch ms). */
  review: number;
  /** Card state before the answer; 0 (New) starts a fresh sequence. */
  state: number;
}

/** fsrs-rs asks for hundreds of reviews; below this the defaults are the better guess. */
export const MIN_REVIEWS = 400;
export const MIN_CARDS = 50;

export function dayGap(previous: number, current: number): number {
  return Math.max(0, dateDiffInDays(new Date(previous), new Date(current)));
}

/**
 * Builds a HistorySet incrementally from answers grouped by card and sorted by time (the order
 * of the `[cardId+review]` index). A card that went back to New starts a new sequence, and
 * answers that are not a grade 1-4 are skipped.
 */
export class HistoryBuilder {
  private ratings: number[] = [];
  private deltas: number[] = [];
  private times: number[] = [];
  private lengths: number[] = [];
  private cardId: string | null = null;
  private last = 0;
  private length = 0;

  add(cardId: string, answer: Answer): void {
    if (!(answer.rating >= 1 && answer.rating <= 4) || !Number.isFinite(answer.review)) return;
    if (cardId !== this.cardId || answer.state === CardState.New) {
      this.close();
      this.cardId = cardId;
    }
    this.ratings.push(answer.rating);
    this.deltas.push(this.length === 0 ? 0 : dayGap(this.last, answer.review));
    this.times.push(answer.review);
    this.last = answer.review;
    this.length++;
  }

  private close(): void {
    if (this.length > 0) this.lengths.push(this.length);
    this.length = 0;
  }

  build(): HistorySet {
    this.close();
    this.cardId = null;
    return {
      ratings: Uint8Array.from(this.ratings),
      deltas: Uint32Array.from(this.deltas),
      times: Float64Array.from(this.times),
      lengths: Uint32Array.from(this.lengths)
    };
  }
}

export function historyFromSequences(sequences: { rating: number; review: number }[][]): HistorySet {
  const builder = new HistoryBuilder();
  sequences.forEach((seq, i) => seq.forEach((a, j) => builder.add(`s${i}`, { ...a, state: j === 0 ? CardState.New : CardState.Review })));
  return builder.build();
}

/** Start index of every sequence. */
export function offsetsOf(set: HistorySet): Uint32Array {
  const offsets = new Uint32Array(set.lengths.length);
  let at = 0;
  for (let i = 0; i < set.lengths.length; i++) {
    offsets[i] = at;
    at += set.lengths[i];
  }
  return offsets;
}

export interface HistorySummary {
  /** All answers. */
  answers: number;
  /** Answers on a later day than the previous one (what the optimizer learns from). */
  reviews: number;
  /** Distinct sequences (about cards) that have at least one such review. */
  cards: number;
}

export function summarize(set: HistorySet): HistorySummary {
  let reviews = 0;
  let cards = 0;
  let at = 0;
  for (const length of set.lengths) {
    let n = 0;
    for (let j = 1; j < length; j++) if (set.deltas[at + j] > 0) n++;
    reviews += n;
    if (n > 0) cards++;
    at += length;
  }
  return { answers: set.ratings.length, reviews, cards };
}

export function hasEnoughHistory(summary: HistorySummary): boolean {
  return summary.reviews >= MIN_REVIEWS && summary.cards >= MIN_CARDS;
}

/** The sequences whose index is in `keep`, as a new set (used to split train / held-out). */
export function subset(set: HistorySet, keep: (sequence: number) => boolean): HistorySet {
  const offsets = offsetsOf(set);
  const ratings: number[] = [];
  const deltas: number[] = [];
  const times: number[] = [];
  const lengths: number[] = [];
  for (let i = 0; i < set.lengths.length; i++) {
    if (!keep(i)) continue;
    const start = offsets[i];
    for (let j = 0; j < set.lengths[i]; j++) {
      ratings.push(set.ratings[start + j]);
      deltas.push(set.deltas[start + j]);
      times.push(set.times[start + j]);
    }
    lengths.push(set.lengths[i]);
  }
  return { ratings: Uint8Array.from(ratings), deltas: Uint32Array.from(deltas), times: Float64Array.from(times), lengths: Uint32Array.from(lengths) };
}
