import { afterEach, describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import { loadBackupFile } from '../../src/lib/backup/read';
import { applyRestore } from '../../src/lib/backup/restore';
import { createBackup } from '../../src/lib/backup/write';
import { editCard, setSuspended } from '../../src/lib/cards/actions';
import { onLocalCommit, type ChangeSet } from '../../src/lib/db/change-set';
import { setChangeFeed } from '../../src/lib/db/change-feed';
import { transact } from '../../src/lib/db/gateway';
import { transactRaw } from '../../src/lib/db/gateway-raw';
import { Queue } from '../../src/lib/db/schema';
import { Store } from '../../src/lib/db/stores';
import { nextCard } from '../../src/lib/srs/queue';
import { recordAnswer, undoLastAnswer } from '../../src/lib/srs/answer';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { seededDb } from './db-helpers';

const NOON = Date.UTC(2026, 0, 10, 12);
const scheduler = createScheduler(DEFAULT_SETTINGS);

afterEach(() => setChangeFeed(false));

describe('the write gateway', () => {
  it('refuses a Dexie write that does not go through it', async () => {
    const db = await seededDb();
    const card = (await db.cards.get('d-c0'))!;
    await expect(db.cards.put({ ...card, front: 'sneaked in' })).rejects.toThrow(/outside the write gateway/);
    await expect(db.transaction('rw', db.settings, () => db.settings.put({ key: 'x', value: 1 }))).rejects.toThrow(/outside the write gateway/);
    expect((await db.cards.get('d-c0'))!.front).toBe(card.front);
    expect(await db.settings.get('x')).toBeUndefined();
  });

  it('derives queue itself: a card written with a wrong queue is stored with the right one', async () => {
    const db = await seededDb();
    const card = (await db.cards.get('d-c0'))!;
    await transact(db, [Store.cards], (w) => w.putCard({ ...card, suspended: true, queue: Queue.New }));
    expect((await db.cards.get('d-c0'))!.queue).toBe(Queue.Suspended);
  });

  it('restoring a backup whose suspended card says queue 0 does not serve that card', async () => {
    const source = await seededDb('d', 1, NOON);
    await setSuspended(source, ['d-c0'], true);
    const { blob } = await createBackup(source, { appVersion: 't', now: new Date(NOON) });
    // The file claims the suspended card is in the new queue (a hand-edited or buggy backup).
    const text = (await blob.text()).replace(/"queue":-1/, '"queue":0');
    expect(text).toContain('"suspended":true');
    const target = await seededDb('other', 1, NOON);
    await applyRestore(target, await loadBackupFile(new Blob([text])), 'replace');
    const restored = (await target.cards.get('d-c0'))!;
    expect(restored.suspended).toBe(true);
    expect(restored.queue).toBe(Queue.Suspended);
    expect(await nextCard(target, 'd', NOON, DEFAULT_SETTINGS)).toBeNull();
  });

  it('tells local listeners what committed, and nothing for a transaction that rolled back', async () => {
    const db = await seededDb();
    const heard: ChangeSet[] = [];
    const stop = onLocalCommit((c) => heard.push(c));
    try {
      await recordAnswer(db, scheduler, 'd-c0', Rating.Good, NOON, 1000);
      const failed = transact(db, [Store.cards], async (w) => {
        await w.putCard({ ...(await db.cards.get('d-c1'))!, front: 'never stored' });
        throw new Error('changed my mind');
      });
      await expect(failed).rejects.toThrow('changed my mind');
      expect((await db.cards.get('d-c1'))!.front).not.toBe('never stored');
      expect(heard).toHaveLength(1);
      expect(heard[0].rows.map((r) => [r.store, r.key])).toEqual([
        [Store.cards, 'd-c0'],
        [Store.reviewLogs, expect.any(String)]
      ]);
      expect(heard[0].toDataChange()).toEqual({ deckIds: ['d'], cardIds: ['d-c0'] });
    } finally {
      stop();
    }
  });

  it('records the change feed in commit order while it is on, in the same transaction, and nothing while off', async () => {
    const db = await seededDb();
    await recordAnswer(db, scheduler, 'd-c0', Rating.Good, NOON, 1000); // feed off: not recorded
    expect(await db.outbox.count()).toBe(0);
    setChangeFeed(true);
    const log = await recordAnswer(db, scheduler, 'd-c1', Rating.Again, NOON + 1000, 1000);
    await editCard(db, 'd-c2', { front: 'New Q', back: 'A2', tags: [] }, NOON + 2000);
    await undoLastAnswer(db, 'd');
    await expect(
      transact(db, [Store.cards], async (w) => {
        await w.putCard({ ...(await db.cards.get('d-c3'))!, front: 'rolled back' });
        throw new Error('abort');
      })
    ).rejects.toThrow('abort');
    const feed = await db.outbox.toArray();
    expect(feed.map((r) => [r.store, r.key, r.op])).toEqual([
      [Store.cards, 'd-c1', 'put'],
      [Store.reviewLogs, log.id, 'put'],
      [Store.cards, 'd-c2', 'put'],
      [Store.reviewLogs, log.id, 'delete'],
      [Store.cards, 'd-c1', 'put']
    ]);
    expect(feed.map((r) => r.seq)).toEqual([...feed.map((r) => r.seq!)].sort((a, b) => a - b));
  });

  it('a bulk write in key order stores what was given: of two rows with one key, the later one', async () => {
    const db = await seededDb();
    const base = (await db.cards.get('d-c0'))!;
    // 2,500 rows (more than one chunk of puts), ids in no order, one id given twice.
    const ids = Array.from({ length: 2500 }, (_, i) => `d-bulk-${((i * 7919) % 2500).toString(36)}`);
    const rows = ids.map((id) => ({ ...base, id, front: `first ${id}` }));
    rows.push({ ...base, id: ids[10], front: 'given last' });
    const progress: number[] = [];
    await transactRaw(db, [Store.cards], (w) => w.putCardsIndexLater(rows, (done) => progress.push(done)));
    expect(await db.cards.where('id').startsWith('d-bulk-').count()).toBe(2500);
    expect((await db.cards.get(ids[10]))!.front).toBe('given last');
    expect((await db.cards.get(ids[11]))!.front).toBe(`first ${ids[11]}`);
    expect(progress.at(-1)).toBe(rows.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});
