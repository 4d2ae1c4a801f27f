import type { CardRow, Schedule } from '../db/schema';

/**
 * How a card changed since a screen showed it: `answered` (graded meanwhile, usually in another
 * tab), `gone` (deleted, suspended, buried, retired or moved to another deck), `changed` (its
 * schedule differs otherwise: an undo or a reschedule), or null when it is still the card shown.
 * Plain code with no imports, so the study screen can use it before the scheduler has loaded.
 */
export type CardChange = 'answered' | 'gone' | 'changed' | null;

const SCHEDULE_KEYS: readonly (keyof Schedule)[] = [
  'due',
  'stability',
  'difficulty',
  'scheduledDays',
  'learningSteps',
  'reps',
  'lapses',
  'state',
  'lastReview'
];

export function changeSince(shown: CardRow, stored: CardRow | undefined): CardChange {
  if (!stored || stored.deckId !== shown.deckId || stored.queue < 0) return 'gone';
  if (stored.reps > shown.reps) return 'answered';
  if (stored.queue !== shown.queue || SCHEDULE_KEYS.some((key) => stored[key] !== shown[key])) return 'changed';
  return null;
}

/** What the study screen says when it leaves a card that changed under it. */
export function describeCardChange(change: Exclude<CardChange, null>): string {
  if (change === 'answered') return 'Answered in another tab';
  if (change === 'gone') return 'This card was removed from study in another tab';
  return 'This card was changed in another tab';
}
