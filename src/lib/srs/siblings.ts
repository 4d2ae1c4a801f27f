import { CardState, Queue, type CardRow } from '../db/schema';
import type { BuryRules } from './bury-rules';
export { anyBurying, type BuryRules } from './bury-rules';

/** A learning card whose current step is a day or more (Anki's "interday learning" queue). */
const interdayLearning = (card: Pick<CardRow, 'queue' | 'scheduledDays'>) => card.queue === Queue.Learning && card.scheduledDays >= 1;

/**
 * The order in which Anki gathers a study session (rslib scheduler/bury_and_suspend.rs
 * `gather_ord`): learning within the day 0, interday learning 1, review 2, new 3.
 */
function gatherOrder(card: Pick<CardRow, 'queue' | 'scheduledDays' | 'state'>): number {
  if (card.queue === Queue.Learning) return interdayLearning(card) ? 1 : 0;
  if (card.queue === Queue.Review) return 2;
  if (card.queue === Queue.New || card.state === CardState.New) return 3;
  return Infinity;
}

/**
 * The siblings an answer buries until the next study day, as Anki does (`bury_siblings`): new
 * siblings when burying new cards is on; review siblings due today when burying reviews is on;
 * interday learning siblings due today when that is on. As in Anki, burying is limited to the
 * queues gathered after the answered card's own (`exclude_earlier_gathered_queues`): answering a
 * new card buries only new siblings, answering a review never buries interday learning cards, so
 * a new card never pushes a due review to tomorrow. `answered` is the card as it was before the
 * answer. Unlike Anki, reviews not due today are left alone: burying them would change nothing.
 */
export function siblingsToBury(answered: CardRow, siblings: readonly CardRow[], rules: BuryRules, dayEnd: number): CardRow[] {
  const order = gatherOrder(answered);
  const buryInterday = rules.buryInterdayLearningSiblings && order <= 1;
  const buryReviews = rules.buryReviewSiblings && order <= 2;
  return siblings.filter((s) => {
    if (s.id === answered.id || s.noteId !== answered.noteId) return false;
    if (s.queue === Queue.New) return rules.buryNewSiblings;
    if (s.queue === Queue.Review) return buryReviews && s.due < dayEnd;
    if (interdayLearning(s)) return buryInterday && s.due < dayEnd;
    return false; // learning within the day, suspended, buried, retired or deleted
  });
}

/** The burying option that covers a card of this kind (new, review due, interday learning), if any. */
function coveredBy(card: Pick<CardRow, 'queue' | 'scheduledDays'>, rules: BuryRules): boolean {
  if (card.queue === Queue.New) return rules.buryNewSiblings;
  if (card.queue === Queue.Review) return rules.buryReviewSiblings;
  return interdayLearning(card) && rules.buryInterdayLearningSiblings;
}

/**
 * Whether Anki's queue builder would leave `card` out of today's session: a sibling of it is in
 * learning within the day and due before the day ends, so it was gathered first (learning within
 * the day is gathered before everything else), and the option for `card`'s kind is on. This
 * happens only when that sibling's own answer did not bury `card` (answered before the option was
 * turned on, or on another device); the study screen then buries `card` until tomorrow instead of
 * showing both siblings the same day.
 */
export function heldBackBySibling(card: CardRow, siblings: readonly CardRow[], rules: BuryRules, dayEnd: number): boolean {
  if (!card.noteId || !coveredBy(card, rules)) return false;
  return siblings.some((s) => s.id !== card.id && s.noteId === card.noteId && s.queue === Queue.Learning && !interdayLearning(s) && s.due < dayEnd);
}
