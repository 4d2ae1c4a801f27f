import { Queue, type CardRow } from '../db/schema';
import { describeWhen } from './time';

/** "New", "Suspended", "Due today at 14:00", "Due on Mon 3 Dec": a card's state for lists. */
export function cardStatus(card: CardRow, now: number): string {
  switch (card.queue) {
    case Queue.New:
      return 'New';
    case Queue.Suspended:
      return 'Suspended';
    case Queue.Buried:
      return 'Buried until tomorrow';
    case Queue.Retired:
      return 'Removed';
    default:
      return card.due <= now ? 'Due now' : `Due ${describeWhen(card.due, now)}`;
  }
}
