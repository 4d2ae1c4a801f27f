import { afterEach, describe, expect, it } from 'vitest';
import memoryAdapter from 'pouchdb-adapter-memory';
import { Rating } from 'ts-fsrs';
import { addCard, editCard, setSuspended } from '../../src/lib/cards/actions';
import { setChangeFeed } from '../../src/lib/db/change-feed';
import type { FlashcardDatabase } from '../../src/lib/db/database';
import { Queue } from '../../src/lib/db/schema';
import { createDeck, deleteDeck, updateDeck } from '../../src/lib/decks/manage';
import { recordAnswer, undoLastAnswer } from '../../src/lib/srs/answer';
import { deckCounts } from '../../src/lib/srs/queue';
import { createScheduler, pickSchedule } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { loadPouchDB } from '../../src/lib/sync/pouch';
import { replayLog } from '../../src/lib/sync/engine/replay';
import { syncDatabases } from '../../src/lib/sync/engine/run';
import { Wire, type LocalDatabase } from '../../src/lib/sync/engine/wire';
import { seededDb } from './db-helpers';

const NOON = Date.UTC(2026, 0, 10, 12);
const scheduler = createScheduler(DEFAULT_SETTINGS);
let counter = 0;

afterEach(() => setChangeFeed(false));

/** PouchDB in memory: its IndexedDB adapter does not run on fake-indexeddb (the e2e tests use the real one). */
async function pouch(name: string): Promise<unknown> {
  const PouchDB = (await loadPouchDB()) as unknown as { plugin(p: unknown): void; new (name: string, o: object): unknown };
  PouchDB.plugin(memoryAdapter);
  return new PouchDB(`${name}-${process.pid}-${++counter}`, { adapter: 'memory' });
}

/** A device: the app's database and sync's local copy; the server is one more PouchDB. */
async function device(): Promise<{ db: FlashcardDatabase; local: LocalDatabase }> {
  return { db: await seededDb('d', 10, NOON), local: (await pouch('local')) as LocalDatabase };
}

const server = () => pouch('server');

const sync = (d: { db: FlashcardDatabase; local: LocalDatabase }, remote: unknown) => syncDatabases(d.db, d.local, remote, new Wire(null));
const logIds = async (db: FlashcardDatabase) => (await db.reviewLogs.toCollection().primaryKeys()).sort();

describe('sync between two devices', () => {
  it('merges offline study on both devices: every review once, schedules replayed, edits and flags everywhere', async () => {
    const remote = await server();
    const phone = await device();
    const laptop = await device();
    await sync(phone, remote);
    await sync(laptop, remote);

    // Offline on both: the same card answered on both, other cards on one each, an edit, a suspension, a new deck.
    await recordAnswer(phone.db, scheduler, 'd-c0', Rating.Good, NOON + 1000, 1000);
    await recordAnswer(phone.db, scheduler, 'd-c1', Rating.Again, NOON + 2000, 1000);
    await recordAnswer(laptop.db, scheduler, 'd-c0', Rating.Hard, NOON + 5000, 1000);
    await recordAnswer(laptop.db, scheduler, 'd-c2', Rating.Easy, NOON + 6000, 1000);
    await editCard(phone.db, 'd-c3', { front: 'Clearer question', back: 'A3', tags: [] }, NOON + 7000);
    await setSuspended(laptop.db, ['d-c4'], true);
    const deck = await createDeck(phone.db, 'My own');
    const mine = await addCard(phone.db, deck.id, { front: 'Own Q', back: 'Own A', tags: ['x'] }, NOON + 8000);

    await sync(phone, remote);
    await sync(laptop, remote);
    await sync(phone, remote);

    expect(await logIds(phone.db)).toEqual(await logIds(laptop.db));
    expect(await phone.db.reviewLogs.count()).toBe(4);
    for (const db of [phone.db, laptop.db]) {
      const c0Logs = await db.reviewLogs.where('[cardId+review]').between(['d-c0', 0], ['d-c0', Infinity]).toArray();
      expect(c0Logs.map((l) => l.rating)).toEqual([Rating.Good, Rating.Hard]);
      expect(pickSchedule((await db.cards.get('d-c0'))!)).toEqual(replayLog(scheduler, c0Logs));
      expect((await db.cards.get('d-c3'))!.front).toBe('Clearer question');
      expect((await db.cards.get('d-c4'))!).toMatchObject({ suspended: true, queue: Queue.Suspended });
      expect(await db.cards.get(mine.id)).toMatchObject({ front: 'Own Q', back: 'Own A', tags: ['x'], deckId: deck.id });
      expect((await db.decks.get(deck.id))!.title).toBe('My own');
    }
    for (const card of ['d-c0', 'd-c1', 'd-c2', 'd-c3', 'd-c4', mine.id]) {
      expect(pickSchedule((await laptop.db.cards.get(card))!)).toEqual(pickSchedule((await phone.db.cards.get(card))!));
    }
    expect(await deckCounts(laptop.db, 'd', NOON + 9000, DEFAULT_SETTINGS)).toEqual(await deckCounts(phone.db, 'd', NOON + 9000, DEFAULT_SETTINGS));

    // Syncing again changes nothing and duplicates nothing.
    await sync(laptop, remote);
    await sync(phone, remote);
    expect(await phone.db.reviewLogs.count()).toBe(4);
    expect(await laptop.db.reviewLogs.count()).toBe(4);
  });

  it('an undo of a synced answer removes it everywhere and puts the schedule back', async () => {
    const remote = await server();
    const phone = await device();
    const laptop = await device();
    const fresh = pickSchedule((await laptop.db.cards.get('d-c0'))!);
    await recordAnswer(phone.db, scheduler, 'd-c0', Rating.Good, NOON + 1000, 1000);
    await sync(phone, remote);
    await sync(laptop, remote);
    expect(await laptop.db.reviewLogs.count()).toBe(1);
    expect((await laptop.db.cards.get('d-c0'))!.reps).toBe(1);

    await undoLastAnswer(phone.db, 'd');
    await sync(phone, remote);
    await sync(laptop, remote);
    expect(await laptop.db.reviewLogs.count()).toBe(0);
    expect(pickSchedule((await laptop.db.cards.get('d-c0'))!)).toEqual(fresh);
  });

  it('a deck deleted on one device while the other answers in it: the deck goes, the answers stay in the history', async () => {
    const remote = await server();
    const phone = await device();
    const laptop = await device();
    const deck = await createDeck(phone.db, 'Temporary');
    const card = await addCard(phone.db, deck.id, { front: 'Q', back: 'A', tags: [] }, NOON);
    await sync(phone, remote);
    await sync(laptop, remote);
    expect(await laptop.db.cards.get(card.id)).toBeDefined();

    await deleteDeck(phone.db, deck.id);
    const log = await recordAnswer(laptop.db, scheduler, card.id, Rating.Good, NOON + 1000, 1000);
    await sync(laptop, remote);
    await sync(phone, remote);
    await sync(laptop, remote);
    for (const db of [phone.db, laptop.db]) {
      expect(await db.decks.get(deck.id)).toBeUndefined();
      expect(await db.cards.get(card.id)).toBeUndefined();
      expect(await db.reviewLogs.get(log.id)).toBeDefined();
    }
  });
});

describe('conflicts', () => {
  it('two devices changing one card offline: per field, the later change wins, and both devices end equal', async () => {
    const remote = await server();
    const phone = await device();
    const laptop = await device();
    const deck = await createDeck(phone.db, 'Shared');
    const card = await addCard(phone.db, deck.id, { front: 'Q', back: 'A', tags: [] }, NOON);
    await sync(phone, remote);
    await sync(laptop, remote);

    await setSuspended(laptop.db, [card.id], true); // laptop: suspends
    await editCard(laptop.db, card.id, { front: 'Q', back: 'laptop answer', tags: [] }, NOON + 1);
    // Stamps are commit times, and both test devices share one device id: the phone must commit in a later millisecond.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await editCard(phone.db, card.id, { front: 'Q (phone)', back: 'phone answer', tags: [] }, NOON + 2); // phone: later text
    await sync(laptop, remote);
    await sync(phone, remote);
    await sync(laptop, remote);

    for (const db of [phone.db, laptop.db]) {
      expect(await db.cards.get(card.id)).toMatchObject({ front: 'Q (phone)', back: 'phone answer', suspended: true, queue: Queue.Suspended });
    }
  });
});

describe('order and interruptions', () => {
  it('a deck renamed after its cards were added: a new device gets every card (the deck comes later in the change order)', async () => {
    const remote = await server();
    const phone = await device();
    const deck = await createDeck(phone.db, 'Big');
    // More cards than one replication batch (200); the same across apply batches (1,000) is in sync-apply-batches.test.ts.
    for (let i = 0; i < 230; i++) await addCard(phone.db, deck.id, { front: `Q${i}`, back: `A${i}`, tags: [] }, NOON + i);
    await sync(phone, remote);
    await updateDeck(phone.db, deck.id, { title: 'Big, renamed' });
    await sync(phone, remote);

    const laptop = await device();
    await sync(laptop, remote);
    expect((await laptop.db.decks.get(deck.id))!.title).toBe('Big, renamed');
    expect(await laptop.db.cards.where('deckId').equals(deck.id).count()).toBe(230);
  }, 30_000);

  it('a device that moves to a new server database sends it everything, not only what changes next', async () => {
    const phone = await device();
    const log = await recordAnswer(phone.db, scheduler, 'd-c0', Rating.Good, NOON + 1000, 1000);
    await sync(phone, await server());
    // Another database (another server, or a new one after a lost password): a new local copy, the feed still on.
    const moved = { db: phone.db, local: (await pouch('local')) as LocalDatabase };
    const newServer = await server();
    await sync(moved, newServer);

    const laptop = await device();
    await sync(laptop, newServer);
    expect(await logIds(laptop.db)).toEqual([log.id]);
  });

  it('a first sync cut off while it writes the whole collection is finished by the next one', async () => {
    const remote = await server();
    const phone = await device();
    const deck = await createDeck(phone.db, 'Mine');
    const card = await addCard(phone.db, deck.id, { front: 'Q', back: 'A', tags: [] }, NOON);
    const log = await recordAnswer(phone.db, scheduler, 'd-c0', Rating.Good, NOON + 1000, 1000);
    // The tab dies after the first write into the local copy (the decks): later stores were never scanned.
    let writes = 0;
    const dying = new Proxy(phone.local, {
      get: (target, key) =>
        key === 'bulkDocs'
          ? (docs: never) => {
              if (++writes > 1) throw new Error('tab closed');
              return target.bulkDocs(docs);
            }
          : Reflect.get(target, key).bind(target)
    });
    await expect(syncDatabases(phone.db, dying, remote, new Wire(null))).rejects.toThrow('tab closed');
    await sync(phone, remote);

    const laptop = await device();
    await sync(laptop, remote);
    expect(await laptop.db.cards.get(card.id)).toMatchObject({ front: 'Q', deckId: deck.id });
    expect(await logIds(laptop.db)).toEqual([log.id]);
  });
});

describe('sync at scale', () => {
  it('a first upload does not apply its own documents back; the other device applies them all', async () => {
    const remote = await server();
    const phone = await device();
    // More than one replication batch (200 documents).
    for (let i = 0; i < 250; i++) await recordAnswer(phone.db, scheduler, `d-c${i % 10}`, Rating.Good, NOON + 1000 * (i + 1), 1000);
    const sent: number[] = [];
    const first = await syncDatabases(phone.db, phone.local, remote, new Wire(null), (p) => p.stage === 'send' && sent.push(p.done));
    expect(first.pushed).toBeGreaterThan(0);
    // "Sending N": the last figure is the number of documents on the server, not a sum of running totals.
    expect(sent.length).toBeGreaterThan(1);
    expect(sent[sent.length - 1]).toBe((await (remote as { info(): Promise<{ doc_count: number }> }).info()).doc_count);
    expect(first.applied).toBe(0);
    const laptop = await device();
    expect((await sync(laptop, remote)).applied).toBeGreaterThan(0);
    expect(await logIds(laptop.db)).toEqual(await logIds(phone.db));
  });

  it('long local steps ask the server for its info, which renews a cookie session', async () => {
    const calls = async (keepSessionMs: number) => {
      const remote = (await server()) as { info(): Promise<unknown> };
      const info = remote.info.bind(remote);
      let count = 0;
      remote.info = () => (count++, info());
      const phone = await device();
      await syncDatabases(phone.db, phone.local, remote, new Wire(null), undefined, keepSessionMs);
      return count;
    };
    // Every progress step of the scan and the apply may ask (0 ms) against never within the test (an hour).
    expect(await calls(0)).toBeGreaterThan(await calls(3_600_000));
  });
});
