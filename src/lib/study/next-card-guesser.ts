import type { Grade } from 'ts-fsrs';
import type { Readable } from '../db/raw';
import type { CardRow, Schedule } from '../db/schema';
import { guessNext, upcoming, type Upcoming } from '../srs/next-guess';
import type { QueueTally } from '../srs/queue-tally';
import type { StudySettings } from '../srs/settings';

/**
 * The study screen's guess of the card after the one on screen (srs/next-guess.ts): what can
 * come next, read once a card is painted, and each grade's schedule as previewed for the grade
 * buttons. Loaded with the write code (study-backend.ts), so none of it weighs on the first card.
 */
export class NextCardGuesser {
  private ahead: Upcoming | null = null;
  private request = 0;
  private preview: { card: CardRow; at: number; schedules: Record<Grade, Schedule> } | null = null;

  constructor(private deckId: string) {}

  /** The schedules each grade would give `card`, as previewed at `at` for its buttons. */
  previewed(card: CardRow, at: number, schedules: Record<Grade, Schedule>): void {
    this.preview = { card, at, schedules };
  }

  /** What was read may be out of date (another tab changed the deck). */
  forget(): void {
    this.ahead = null;
    this.request++;
  }

  /** Reads what can follow `card`; only a head start for the next answer, so a failure is ignored. */
  async lookAhead(reader: Readable, card: CardRow, now: number, s: StudySettings, stillShown: () => boolean): Promise<void> {
    const ticket = ++this.request;
    this.ahead = null;
    const ahead = await upcoming(reader, this.deckId, card.id, now, s).catch(() => null);
    if (ticket === this.request && stillShown()) this.ahead = ahead;
  }

  /** The card after `card` answered with `grade`, and the counts then, when it can be told already. */
  guess(card: CardRow, grade: Grade, now: number, s: StudySettings, tally: QueueTally | null) {
    const p = this.preview;
    // Previewed for this card as it is (by value: the screen's card is a state proxy of the row).
    if (!this.ahead || !p || p.card.id !== card.id || p.card.reps !== card.reps || p.card.due !== card.due) return null;
    return guessNext({ upcoming: this.ahead, shown: card, after: p.schedules[grade], previewedAt: p.at, now, s, tally });
  }
}
