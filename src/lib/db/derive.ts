import { CardState, Queue, type CardRow, type QueueValue } from './schema';

/** A card as its writers give it: every column but the derived ones, which the gateway computes. */
export type CardInput = Omit<CardRow, 'queue'> & { queue?: QueueValue };

/**
 * Where a card sits for study, from its flags and FSRS state. The only place `queue` is computed:
 * the gateway calls it on every card it writes (a stored `queue` from a file is never trusted).
 */
export function queueOf(card: Pick<CardRow, 'state' | 'suspended' | 'retired' | 'buriedUntil' | 'deleted'>): QueueValue {
  if (card.retired || card.deleted) return Queue.Retired;
  if (card.suspended) return Queue.Suspended;
  if (card.buriedUntil) return Queue.Buried;
  if (card.state === CardState.New) return Queue.New;
  if (card.state === CardState.Review) return Queue.Review;
  return Queue.Learning; // Learning and Relearning
}

/** The row the gateway stores for `card`: derived columns computed, absent optional flags left out. */
export function withDerivedColumns(card: CardInput): CardRow {
  const row = { ...card } as CardRow;
  if (row.buriedUntil === undefined) delete row.buriedUntil;
  row.suspended = !!row.suspended;
  row.retired = !!row.retired;
  row.queue = queueOf(row);
  return row;
}
