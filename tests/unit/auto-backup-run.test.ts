import { describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import { assembleIncrement } from '../../src/lib/backup/auto/assemble';
import { dataFile, listBackups } from '../../src/lib/backup/auto/catalog';
import { ensureDatabaseId } from '../../src/lib/backup/auto/database-id';
import { gunzipBlob } from '../../src/lib/backup/auto/gzip';
import { loadAutomaticBackup, restoreAutomaticBackup } from '../../src/lib/backup/auto/restore-auto';
import { runAutomaticBackup } from '../../src/lib/backup/auto/run';
import { readBackupFile } from '../../src/lib/backup/read';
import { applyRestore } from '../../src/lib/backup/restore';
import { recordAnswer, undoLastAnswer } from '../../src/lib/srs/answer';
import { freshDb, fixtureWrite } from './db-helpers';
import { NOON, expectSameData, filledDb, scheduler } from './backup-fixtures';
import { memoryStore } from './auto-backup-fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const run = (db: Parameters<typeof runAutomaticBackup>[0], store: ReturnType<typeof memoryStore>, now: number) =>
  runAutomaticBackup(db, store, { now, appVersion: 't', pageSize: 3 });

async function restoredCopy(store: ReturnType<typeof memoryStore>, entry: Awaited<ReturnType<typeof run>>) {
  const target = freshDb();
  await applyRestore(target, await loadAutomaticBackup(store, entry), 'replace');
  return target;
}

describe('automatic backups: snapshot plus increments', () => {
  it('writes a gzipped full snapshot in the usual backup format that restores every row', async () => {
    const db = await filledDb();
    await ensureDatabaseId(db);
    const store = memoryStore();
    const entry = await run(db, store, NOON + HOUR);
    expect(entry).toMatchObject({ kind: 'full', totals: { decks: 3, cards: 18, reviewLogs: 8, settings: 3, media: 2 } });
    const file = store.files.get(dataFile(entry))!;
    expect([...new Uint8Array(await file.slice(0, 2).arrayBuffer())]).toEqual([0x1f, 0x8b]); // gzip
    const raw = await readBackupFile(await gunzipBlob(file));
    expect(raw.header).toMatchObject({ format: 'interview-flashcards-backup', counts: entry.totals });
    await expectSameData(await restoredCopy(store, entry), db);
  });

  it('then writes increments holding only what changed, and snapshot + increment restores everything', async () => {
    const db = await filledDb();
    await ensureDatabaseId(db);
    const store = memoryStore();
    const full = await run(db, store, NOON + HOUR);
    // More answers, an edit, a suspension, a new card, a new image.
    await recordAnswer(db, scheduler, 'alpha-c7', Rating.Good, NOON + 2 * HOUR, 1000);
    await recordAnswer(db, scheduler, 'beta-c1', Rating.Again, NOON + 2 * HOUR + 1000, 1000);
    await fixtureWrite(db, () => db.cards.update('alpha-c8', { front: 'edited', suspended: true, queue: -1 }));
    const extra = { ...(await db.cards.get('alpha-c9'))!, id: 'alpha-new', ord: 99 };
    await fixtureWrite(db, () => db.cards.add(extra));
    await fixtureWrite(db, () =>
      db.media.add({
        id: 'm-new',
        deckId: 'mine',
        name: 'n.png',
        mime: 'image/png',
        data: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }),
        size: 3
      })
    );

    const inc = await run(db, store, NOON + 3 * HOUR);
    expect(inc).toMatchObject({ kind: 'incremental', base: full.id, totals: { cards: 19, reviewLogs: 10, media: 3 } });
    const raw = await readBackupFile(await gunzipBlob(store.files.get(dataFile(inc))!));
    // Only the changed rows: two answered cards, the edited one, the new one; two log rows; one image.
    expect(raw.tables.cards.map((c) => (c as { id: string }).id).sort()).toEqual(['alpha-c7', 'alpha-c8', 'alpha-new', 'beta-c1']);
    expect(raw.tables.reviewLogs).toHaveLength(2);
    expect(raw.tables.media).toHaveLength(1);
    await expectSameData(await restoredCopy(store, inc), db);

    // A later increment still applies to the same snapshot and holds every change since it.
    await recordAnswer(db, scheduler, 'alpha-c10', Rating.Easy, NOON + 4 * HOUR, 1000);
    const inc2 = await run(db, store, NOON + 5 * HOUR);
    expect(inc2).toMatchObject({ kind: 'incremental', base: full.id, totals: { reviewLogs: 11 } });
    await expectSameData(await restoredCopy(store, inc2), db);
    // Both increments were taken the same day: only the newer one is kept.
    expect((await listBackups(store)).map((e) => e.id)).toEqual([inc2.id, full.id]);
  });

  it('takes a full snapshot instead when rows were removed since the snapshot (cards deleted, an older answer undone)', async () => {
    const db = await filledDb();
    await ensureDatabaseId(db);
    const store = memoryStore();
    await run(db, store, NOON + HOUR);
    await fixtureWrite(db, () => db.cards.delete('alpha-c11'));
    expect((await run(db, store, NOON + 2 * HOUR)).kind).toBe('full');
    await undoLastAnswer(db, 'alpha');
    const after = await run(db, store, NOON + 3 * HOUR);
    expect(after.kind).toBe('full');
    await expectSameData(await restoredCopy(store, after), db);
  });

  it('takes a new full snapshot once the last one is a week old', async () => {
    const db = await filledDb();
    await ensureDatabaseId(db);
    const store = memoryStore();
    const kinds: string[] = [];
    for (let d = 0; d < 9; d++) {
      await recordAnswer(db, scheduler, `alpha-c${d}`, Rating.Good, NOON + d * DAY + HOUR, 1000);
      kinds.push((await run(db, store, NOON + d * DAY + 2 * HOUR)).kind);
    }
    expect(kinds).toEqual(['full', 'incremental', 'incremental', 'incremental', 'incremental', 'incremental', 'incremental', 'full', 'incremental']);
    const entries = await listBackups(store);
    // Days 2-8 (Monday to Sunday) are the 7 daily backups; day 1 is the newest of the week
    // before (weekly), and day 0 the snapshot it applies to.
    expect(entries).toHaveLength(9);
    await expectSameData(await restoredCopy(store, entries[0]), db);
    await recordAnswer(db, scheduler, 'alpha-c11', Rating.Good, NOON + 9 * DAY + HOUR, 1000);
    await run(db, store, NOON + 9 * DAY + 2 * HOUR);
    // Day 9 pushes out day 2 (daily); day 1 stays (weekly) with its snapshot, day 0.
    expect((await listBackups(store)).map((e) => Math.round((e.createdAt - NOON) / DAY))).toEqual([9, 8, 7, 6, 5, 4, 3, 1, 0]);
  });

  it('refuses an increment that does not add up with its snapshot', async () => {
    const db = await filledDb();
    await ensureDatabaseId(db);
    const store = memoryStore();
    const full = await run(db, store, NOON + HOUR);
    await recordAnswer(db, scheduler, 'alpha-c7', Rating.Good, NOON + 2 * HOUR, 1000);
    const inc = await run(db, store, NOON + 3 * HOUR);
    const snapshot = await readBackupFile(await gunzipBlob(store.files.get(dataFile(full))!));
    const increment = await readBackupFile(await gunzipBlob(store.files.get(dataFile(inc))!));
    expect(assembleIncrement(snapshot, increment).tables.reviewLogs).toHaveLength(9);
    snapshot.tables.reviewLogs.pop();
    expect(() => assembleIncrement(snapshot, increment)).toThrow(/does not add up with its snapshot \(reviewLogs: 8 instead of 9\)/);
  });

  it('restores in replace mode after backing up what is there, so the restore can be undone', async () => {
    const db = await filledDb();
    await ensureDatabaseId(db);
    const store = memoryStore();
    const entry = await run(db, store, NOON + HOUR);
    const before = freshDb();
    await applyRestore(before, await loadAutomaticBackup(store, entry), 'replace');
    await recordAnswer(db, scheduler, 'alpha-c7', Rating.Good, NOON + 2 * HOUR, 1000);
    const { plan, undo } = await restoreAutomaticBackup(db, store, entry, { now: NOON + 3 * HOUR, appVersion: 't' });
    expect(plan.incoming.reviewLogs).toBe(8);
    expect(await db.reviewLogs.count()).toBe(8);
    expect(undo).toMatchObject({ totals: { reviewLogs: 9 } });
    expect((await loadAutomaticBackup(store, undo!)).tables.reviewLogs).toHaveLength(9);
  });
});
