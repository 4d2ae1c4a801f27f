import { Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { describeDetails, describePlan } from '../../src/lib/backup/describe';
import { loadBackupFile } from '../../src/lib/backup/read';
import { applyRestore, planRestore } from '../../src/lib/backup/restore';
import { createBackup } from '../../src/lib/backup/write';
import type { FlashcardDatabase } from '../../src/lib/db/database';
import { recordAnswer } from '../../src/lib/srs/answer';
import { withDerivedColumns } from '../../src/lib/db/derive';
import { pickSchedule } from '../../src/lib/srs/scheduler';
import { NOON, scheduler } from './backup-fixtures';
import { seededDb, fixtureWrite } from './db-helpers';

const MIN = 60_000;

async function backupOf(db: FlashcardDatabase) {
  const { blob } = await createBackup(db, { appVersion: 'test' });
  return loadBackupFile(blob);
}

/** Two devices that started from the same deck and then studied and edited separately. */
async function twoDevices() {
  const a = await seededDb('d', 10, NOON);
  const b = await seededDb('d', 10, NOON);
  await recordAnswer(a, scheduler, 'd-c0', Rating.Good, NOON + 1 * MIN, 1000);
  await recordAnswer(a, scheduler, 'd-c1', Rating.Good, NOON + 2 * MIN, 1000);
  await recordAnswer(b, scheduler, 'd-c0', Rating.Easy, NOON + 5 * MIN, 1000);
  await recordAnswer(b, scheduler, 'd-c2', Rating.Again, NOON + 3 * MIN, 1000);
  await fixtureWrite(b, () => b.cards.update('d-c3', { front: 'Edited on B', updatedAt: NOON + 100 }));
  await fixtureWrite(a, () => a.cards.update('d-c4', { front: 'Edited on A (later)', updatedAt: NOON + 200 }));
  await fixtureWrite(b, () => b.cards.update('d-c4', { front: 'Edited on B (earlier)', updatedAt: NOON + 50 }));
  // B also has a deck A never saw, with a review.
  await fixtureWrite(b, () => b.decks.add({ id: 'extra', title: 'Extra', description: '', source: 'user', hash: '', position: 5 }));
  const extraCard = { ...(await b.cards.get('d-c9'))!, deckId: 'extra' };
  await fixtureWrite(b, () =>
    b.cards.bulkAdd([
      { ...extraCard, id: 'extra-1' },
      { ...extraCard, id: 'extra-2' }
    ])
  );
  await recordAnswer(b, scheduler, 'extra-1', Rating.Good, NOON + 6 * MIN, 1000);
  await fixtureWrite(a, () => a.settings.put({ key: 'study', value: { newPerDay: 9 } }));
  await fixtureWrite(b, () =>
    b.settings.bulkPut([
      { key: 'study', value: { newPerDay: 5 } },
      { key: 'ui', value: 'dark' }
    ])
  );
  await fixtureWrite(b, () =>
    b.media.add({
      id: 'm1',
      deckId: 'extra',
      name: 'a.png',
      mime: 'image/png',
      data: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }),
      size: 3
    })
  );
  return { a, b };
}

describe('merge restore', () => {
  it('keeps every review of both devices and the newest text and schedule per card', async () => {
    const { a, b } = await twoDevices();
    const logsA = await a.reviewLogs.toArray();
    const logsB = await b.reviewLogs.toArray();
    const cardsA = new Map((await a.cards.toArray()).map((c) => [c.id, c]));
    const cardsB = new Map((await b.cards.toArray()).map((c) => [c.id, c]));
    const backup = await backupOf(b);

    const plan = await planRestore(a, backup, 'merge');
    expect(describePlan(plan)).toBe('Merge: adds 1 deck, 2 cards, 3 reviews; 3 cards updated.');
    expect(describeDetails(plan)).toBe('Also adds 1 setting and 1 image. Nothing is removed: all 2 reviews on this device stay, and your settings are kept.');
    await applyRestore(a, backup, 'merge');

    // No review is lost: the union of both logs, each row exactly as recorded (the merged-in rows
    // without the other device's seq: they are never undone here).
    const merged = await a.reviewLogs.toArray();
    expect(merged).toHaveLength(logsA.length + logsB.length);
    const fromB = logsB.map(({ seq: _seq, ...l }) => l);
    expect(new Map(merged.map((l) => [l.id, l]))).toEqual(new Map([...logsA, ...fromB].map((l) => [l.id, l])));

    const card = async (id: string) => (await a.cards.get(id))!;
    // d-c0 was reviewed on both; B's review is the latest, so B's schedule wins.
    expect(pickSchedule(await card('d-c0'))).toEqual(pickSchedule(cardsB.get('d-c0')!));
    expect((await card('d-c0')).queue).toBe(withDerivedColumns(cardsB.get('d-c0')!).queue);
    // Reviewed on one side only: that side's schedule.
    expect(await card('d-c1')).toEqual(cardsA.get('d-c1'));
    expect(await card('d-c2')).toEqual(cardsB.get('d-c2'));
    // Text: the newer updatedAt wins.
    expect(await card('d-c3')).toEqual(cardsB.get('d-c3'));
    expect(await card('d-c4')).toEqual(cardsA.get('d-c4'));
    // Added from B, with its schedule.
    expect(await a.decks.get('extra')).toEqual(await b.decks.get('extra'));
    expect(await card('extra-1')).toEqual(cardsB.get('extra-1'));
    // Settings here are kept; missing ones added. Media added.
    expect(await a.settings.get('study')).toEqual({ key: 'study', value: { newPerDay: 9 } });
    expect(await a.settings.get('ui')).toEqual({ key: 'ui', value: 'dark' });
    expect((await a.media.get('m1'))!.size).toBe(3);
  });

  it('ends with the same reviews whichever direction is merged, and merging twice changes nothing', async () => {
    const { a, b } = await twoDevices();
    const backupA = await backupOf(a);
    const backupB = await backupOf(b);
    await applyRestore(a, backupB, 'merge');
    await applyRestore(b, backupA, 'merge');
    const ids = async (db: FlashcardDatabase) => (await db.reviewLogs.toCollection().primaryKeys()).sort();
    expect(await ids(a)).toEqual(await ids(b));
    expect(pickSchedule((await a.cards.get('d-c0'))!)).toEqual(pickSchedule((await b.cards.get('d-c0'))!));

    const before = await a.cards.toArray();
    const again = await planRestore(a, backupB, 'merge');
    expect(describePlan(again)).toBe('Merge: nothing to add; everything in the backup is already here.');
    await applyRestore(a, backupB, 'merge');
    expect(await a.cards.toArray()).toEqual(before);
  });

  it("a deck on both sides keeps this device's row", async () => {
    const a = await seededDb('d', 2, NOON);
    const b = await seededDb('d', 2, NOON);
    await fixtureWrite(b, () => b.decks.update('d', { title: 'Renamed on B', position: 9 }));
    await applyRestore(a, await backupOf(b), 'merge');
    expect((await a.decks.get('d'))!.title).toBe('Deck d');
  });
});
