import { describe, expect, it } from 'vitest';
import { Rating, State } from 'ts-fsrs';
import { loadBackupFile } from '../../src/lib/backup/read';
import { applyRestore } from '../../src/lib/backup/restore';
import { createBackup } from '../../src/lib/backup/write';
import { CardState } from '../../src/lib/db/schema';
import { latestAnswer, recordAnswer, recordAnswerThen, undoLastAnswer } from '../../src/lib/srs/answer';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { freshDb, seededDb } from './db-helpers';

const noon = new Date(2026, 0, 10, 12).getTime();
const HOUR = 3_600_000;
const scheduler = createScheduler(DEFAULT_SETTINGS);

describe('undo takes the answer recorded last, not the one with the latest time', () => {
  it('after the clock was set back: the second answer (given an hour "earlier") is undone first', async () => {
    const db = await seededDb('d', 3, noon);
    await recordAnswer(db, scheduler, 'd-c0', Rating.Good, noon, 1000);
    const c0Answered = await db.cards.get('d-c0');
    await recordAnswer(db, scheduler, 'd-c1', Rating.Good, noon - HOUR, 1000);

    expect((await undoLastAnswer(db, 'd'))!.id).toBe('d-c1');
    expect((await db.cards.get('d-c1'))!.state).toBe(CardState.New);
    expect(await db.cards.get('d-c0')).toEqual(c0Answered);
    expect((await db.reviewLogs.toArray()).map((l) => l.cardId)).toEqual(['d-c0']);
    expect((await undoLastAnswer(db, 'd'))!.id).toBe('d-c0');
    expect(await undoLastAnswer(db, 'd')).toBeNull();
  });

  it('two answers in the same millisecond: the second is undone first, whatever their ids', async () => {
    const db = await seededDb('d', 3, noon);
    // Ids chosen so that id order (the tie-break of a time index) is the reverse of recording order.
    await recordAnswerThen(db, scheduler, { cardId: 'd-c0', grade: Rating.Good, now: noon, durationMs: 1000, logId: 'log-b' }, async () => undefined);
    await recordAnswerThen(db, scheduler, { cardId: 'd-c1', grade: Rating.Good, now: noon, durationMs: 1000, logId: 'log-a' }, async () => undefined);
    expect((await latestAnswer(db, 'd'))!.id).toBe('log-a');
    expect((await undoLastAnswer(db, 'd'))!.id).toBe('d-c1');
    expect((await db.reviewLogs.toArray()).map((l) => l.id)).toEqual(['log-b']);
  });

  it('numbers answers per deck inside the answer transaction: two at once (two tabs) get 1 and 2', async () => {
    const db = await seededDb('d', 3, noon);
    const { syncBuiltinDeck } = await import('../../src/lib/decks/sync');
    const { makeDeck } = await import('./db-helpers');
    await syncBuiltinDeck(db, makeDeck('e', 1), 1, noon);
    const [a, b] = await Promise.all([
      recordAnswer(db, scheduler, 'd-c0', Rating.Good, noon, 1000),
      recordAnswer(db, scheduler, 'd-c1', Rating.Good, noon, 1000)
    ]);
    expect([a.seq, b.seq].sort()).toEqual([1, 2]);
    expect((await recordAnswer(db, scheduler, 'e-c0', Rating.Good, noon, 1000)).seq).toBe(1);
    // Undo frees the number; the next answer takes it again and is the one undone next.
    await undoLastAnswer(db, 'd');
    const again = await recordAnswer(db, scheduler, 'd-c2', Rating.Good, noon - HOUR, 1000);
    expect(again.seq).toBe(2);
    expect((await undoLastAnswer(db, 'd'))!.id).toBe('d-c2');
  });
});

describe('answers restored or merged from a backup are never undone', () => {
  it('merge: undo reverts this device’s answer, never the newer one merged in, and then stops', async () => {
    const other = await seededDb('d', 3, noon);
    await recordAnswer(other, scheduler, 'd-c2', Rating.Good, noon + HOUR, 1000);
    const { blob } = await createBackup(other, { appVersion: 'x' });

    const db = await seededDb('d', 3, noon);
    await recordAnswer(db, scheduler, 'd-c0', Rating.Good, noon, 1000);
    await applyRestore(db, await loadBackupFile(blob), 'merge');
    const merged = (await db.reviewLogs.toArray()).find((l) => l.cardId === 'd-c2')!;
    expect(merged).not.toHaveProperty('seq');

    expect((await undoLastAnswer(db, 'd'))!.id).toBe('d-c0');
    expect(await undoLastAnswer(db, 'd')).toBeNull();
    expect((await db.reviewLogs.toArray()).map((l) => l.cardId)).toEqual(['d-c2']);
    // This device's next answer is numbered (after none of its own) and can be undone.
    expect((await recordAnswer(db, scheduler, 'd-c1', Rating.Good, noon + 2 * HOUR, 1000)).seq).toBe(1);
    expect((await undoLastAnswer(db, 'd'))!.id).toBe('d-c1');
  });

  it('replace: the file keeps each row’s seq, the restored rows have none, nothing is undone', async () => {
    const source = await seededDb('d', 3, noon);
    await recordAnswer(source, scheduler, 'd-c0', Rating.Good, noon, 1000);
    const { blob } = await createBackup(source, { appVersion: 'x' });
    expect(JSON.parse(await blob.text()).tables.reviewLogs[0].seq).toBe(1);

    const target = freshDb();
    await applyRestore(target, await loadBackupFile(blob), 'replace');
    expect(await target.reviewLogs.toArray()).toEqual([expect.not.objectContaining({ seq: expect.anything() })]);
    expect(await undoLastAnswer(target, 'd')).toBeNull();
    expect((await target.cards.get('d-c0'))!.reps).toBe(1);
  });
});

describe('named card states', () => {
  it('CardState has the numbers of ts-fsrs State', () => {
    expect(CardState).toEqual({ New: State.New, Learning: State.Learning, Review: State.Review, Relearning: State.Relearning });
  });
});
