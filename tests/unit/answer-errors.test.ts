import { describe, expect, it } from 'vitest';
import { answerNotSavedMessage, unschedulableCardMessage } from '../../src/lib/study/answer-errors';

describe('study answer errors', () => {
  it("names a memory state the scheduler refuses, with ts-fsrs' numbers", () => {
    const error = new Error('Invalid memory state { difficulty: 42, stability: -5 }');
    expect(unschedulableCardMessage(error)).toBe(
      "This card's saved schedule is damaged ({ difficulty: 42, stability: -5 }), so it cannot be graded; nothing was changed. Suspend or bury it to study the rest of the deck."
    );
    expect(answerNotSavedMessage(error)).toBe(unschedulableCardMessage(error));
  });

  it("says an answer was not saved, with the storage's reason, for every other failure", () => {
    expect(unschedulableCardMessage(new Error('The transaction was aborted'))).toBeNull();
    expect(answerNotSavedMessage(new Error('The transaction was aborted'))).toBe(
      'Your answer was not saved: The transaction was aborted. The card is still here: grade it again.'
    );
  });
});
