import type { HistorySet } from './history';
import type { Fit } from './metrics';

/**
 * The honest check of a fit: parameters are trained on the earlier reviews only and scored on
 * the later ones, as fsrs-rs' `evaluate_with_time_series_splits` does (there in five expanding
 * folds; here one, the last: train on the earliest 80%, score the rest). A review is an answer
 * given on a later day than the card's previous one (what the model predicts); same-day steps
 * go with the time they were given.
 */

/** Share of reviews, oldest first, that the check trains on. */
export const TRAIN_FRACTION = 0.8;

export interface TimeSplit {
  /** Every answer given before `cutoff` (each card's history cut there). */
  train: HistorySet;
  /** First held-out moment (epoch ms): reviews at or after it are scored and never trained on. */
  cutoff: number;
  /** Reviews before and from the cutoff. */
  trainReviews: number;
  heldOutReviews: number;
}

function isReview(set: HistorySet, start: number, j: number): boolean {
  return j > 0 && set.deltas[start + j] > 0;
}

export function splitByTime(set: HistorySet, trainFraction = TRAIN_FRACTION): TimeSplit {
  const reviewTimes: number[] = [];
  let at = 0;
  for (const length of set.lengths) {
    for (let j = 0; j < length; j++) if (isReview(set, at, j)) reviewTimes.push(set.times[at + j]);
    at += length;
  }
  reviewTimes.sort((a, b) => a - b);
  const k = Math.floor(reviewTimes.length * trainFraction);
  const cutoff = k < reviewTimes.length ? reviewTimes[k] : Infinity;

  const ratings: number[] = [];
  const deltas: number[] = [];
  const times: number[] = [];
  const lengths: number[] = [];
  let trainReviews = 0;
  at = 0;
  for (const length of set.lengths) {
    let kept = 0;
    // A card's answers are in time order: keep them up to the first one at or after the cutoff.
    while (kept < length && set.times[at + kept] < cutoff) {
      ratings.push(set.ratings[at + kept]);
      deltas.push(set.deltas[at + kept]);
      times.push(set.times[at + kept]);
      if (isReview(set, at, kept)) trainReviews++;
      kept++;
    }
    if (kept > 0) lengths.push(kept);
    at += length;
  }
  return {
    train: { ratings: Uint8Array.from(ratings), deltas: Uint32Array.from(deltas), times: Float64Array.from(times), lengths: Uint32Array.from(lengths) },
    cutoff,
    trainReviews,
    heldOutReviews: reviewTimes.length - trainReviews
  };
}

/**
 * Whether the candidate beats the parameters in use on the held-out reviews: lower log loss
 * (what the optimizer minimises and what Anki compares). No held-out reviews, no win.
 */
export function candidateWins(candidate: Fit, inUse: Fit): boolean {
  if (candidate.count === 0 || !Number.isFinite(candidate.logLoss)) return false;
  return candidate.logLoss < inUse.logLoss || !Number.isFinite(inUse.logLoss);
}
