import { afterEach, describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import { recordAnswerThen } from '../../src/lib/srs/answer';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { request } from '../../src/lib/db/raw';
import { Store } from '../../src/lib/db/stores';
import type { CardRow } from '../../src/lib/db/schema';
import { diskNearlyFullError, isGuardRefusal } from '../../src/lib/db/write-errors';
import { gateWrites, onWriteOutcome, type WriteOutcome } from '../../src/lib/db/write-outcomes';
import { seededDb } from './db-helpers';

const noon = Date.UTC(2026, 0, 10, 12);
const scheduler = createScheduler(DEFAULT_SETTINGS);

/** A disk guard whose check answers after `ms` (a slow worker), passing or refusing; `quick`: the quick check, run beside the reads. */
function guardAnswering(ms: number, passes: boolean, quick: boolean) {
  const asked: number[] = [];
  gateWrites(
    () => {
      asked.push(Date.now());
      return new Promise<void>((resolve, reject) => setTimeout(() => (passes ? resolve() : reject(diskNearlyFullError())), ms));
    },
    () => false,
    () => quick
  );
  return asked;
}

const answerAndReadBack = (db: Awaited<ReturnType<typeof seededDb>>) =>
  recordAnswerThen(db, scheduler, { cardId: 'd-c0', grade: Rating.Good, now: noon, durationMs: 1000 }, (tx) =>
    request<CardRow | undefined>(tx.objectStore(Store.cards).get('d-c0'))
  );

afterEach(() =>
  gateWrites(
    () => undefined,
    () => false
  )
);

describe("the disk guard's quick check beside an answer's reads", () => {
  it('keeps the transaction open while the check is slow, writes once it passes, and the reads after the writes see them', async () => {
    const db = await seededDb('d', 3, noon);
    guardAnswering(60, true, true);
    const { log, next } = await answerAndReadBack(db);
    expect(log).not.toBeNull();
    expect(next!.reps).toBe(1); // read in the same transaction, after the write
    expect((await db.cards.get('d-c0'))!.reps).toBe(1);
    expect(await db.reviewLogs.count()).toBe(1);
  });

  for (const quick of [true, false])
    it(`writes nothing when the check refuses (${quick ? 'beside the reads' : 'before the transaction'}), and reports no failed write`, async () => {
      const db = await seededDb('d', 3, noon);
      const outcomes: WriteOutcome[] = [];
      const stop = onWriteOutcome((o) => outcomes.push(o));
      try {
        guardAnswering(40, false, quick);
        const error = await answerAndReadBack(db).catch((e: unknown) => e);
        expect(isGuardRefusal(error)).toBe(true);
        expect((await db.cards.get('d-c0'))!.reps).toBe(0);
        expect(await db.reviewLogs.count()).toBe(0);
        expect(outcomes).toEqual([]); // a refusal is not a write that failed for space
      } finally {
        stop();
      }
    });
});
