import { writeErrorMessage } from '../db/write-errors';

/** ts-fsrs' words for a stored memory state it cannot schedule from (it names the numbers). */
const INVALID_MEMORY_STATE = /^Invalid memory state (.*)$/;

/** What the study screen says about a card the scheduler refuses, or null for any other error. */
export function unschedulableCardMessage(error: unknown): string | null {
  const match = error instanceof Error ? INVALID_MEMORY_STATE.exec(error.message) : null;
  if (!match) return null;
  return `This card's saved schedule is damaged (${match[1]}), so it cannot be graded; nothing was changed. Suspend or bury it to study the rest of the deck.`;
}

/** What the study screen says when an answer failed as a whole (its transaction wrote nothing). */
export function answerNotSavedMessage(error: unknown): string {
  return unschedulableCardMessage(error) ?? `Your answer was not saved: ${writeErrorMessage(error)}. The card is still here: grade it again.`;
}
