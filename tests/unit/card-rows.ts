import type { CardRow } from '../../src/lib/db/schema';
import { newSchedule } from '../../src/lib/srs/scheduler';

/** A complete row of a card never studied, for tests: `extra` sets what the test is about. */
export function cardRow(id: string, extra: Partial<CardRow> = {}): CardRow {
  return {
    id,
    deckId: 'd',
    ord: 0,
    front: `Q ${id}`,
    back: `A ${id}`,
    tags: [],
    createdAt: 1,
    updatedAt: 1,
    ...newSchedule(0),
    queue: 0,
    suspended: false,
    retired: false,
    ...extra
  };
}
