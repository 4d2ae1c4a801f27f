import { CardState, type Schedule } from '../db/schema';

/** The tag a leech gets, as in Anki; Browse filters by it and Stats lists the cards carrying it. */
export const LEECH_TAG = 'leech';

/** What happens to a leech besides the tag (Anki's "leech action"; Anki's default is tag only). */
export type LeechAction = 'tag' | 'suspend';

/**
 * Anki's rule (rslib scheduler/states/review.rs `leech_threshold_met`): a card is a leech when
 * its lapses reach the threshold, and again every half threshold (rounded up) after that, so
 * with Anki's default of 8: at 8, 12, 16, … lapses. A threshold of 0 turns leeches off.
 */
export function leechThresholdMet(lapses: number, threshold: number): boolean {
  if (threshold <= 0) return false;
  const half = Math.max(1, Math.ceil(threshold / 2));
  return lapses >= threshold && (lapses - threshold) % half === 0;
}

/**
 * Whether this answer made the card a leech: it lapsed (a card in review forgotten: Again, which
 * ts-fsrs counts in `lapses`) and its lapses now meet the threshold. Again in relearning is not a
 * new lapse, as in Anki.
 */
export function answerLeeched(before: Schedule, after: Schedule, threshold: number): boolean {
  return before.state === CardState.Review && after.lapses > before.lapses && leechThresholdMet(after.lapses, threshold);
}

/** The tags with the leech tag added or removed (the rest in their order). */
export function withLeechTag(tags: readonly string[], leech: boolean): string[] {
  if (leech === tags.includes(LEECH_TAG)) return [...tags];
  return leech ? [...tags, LEECH_TAG] : tags.filter((t) => t !== LEECH_TAG);
}

/** The leech threshold as typed in Settings: a message when it is not a whole number from 0 to 99. */
export function leechThresholdProblem(value: string | number | null): string | null {
  // An emptied number field reads as null (or ''), which Number() would take for 0 (off).
  const n = value === null || String(value).trim() === '' ? NaN : Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 99 ? null : 'The leech threshold must be a whole number from 0 (off) to 99.';
}
