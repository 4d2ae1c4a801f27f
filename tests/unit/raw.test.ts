import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { FlashcardDatabase } from '../../src/lib/db/database';
import { NATIVE_SCHEMA_VERSION, SCHEMA_VERSION } from '../../src/lib/db/identity';
import { openCurrentDatabase, read, request } from '../../src/lib/db/raw';
import { write } from '../../src/lib/db/raw-write';
import { Queue } from '../../src/lib/db/schema';
import { Store } from '../../src/lib/db/stores';
import { deckCounts, deckTally, nextCard, nextCardAhead, nextDueTime, todaysQueue, todaysQueueCardFirst } from '../../src/lib/srs/queue';
import { manyDeckCountsIn } from '../../src/lib/srs/deck-list-counts';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { freshDb, seededDb, fixtureWrite } from './db-helpers';

const NOW = Date.UTC(2026, 0, 10, 12);

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name!);
}

describe('reading the database without Dexie', () => {
  it('SCHEMA_VERSION is the version Dexie actually creates', async () => {
    const db = freshDb();
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.backendDB().version).toBe(NATIVE_SCHEMA_VERSION);
    db.close();
  });

  it('does not create a database that does not exist yet, and Dexie creates it normally afterwards', async () => {
    const name = `raw-missing-${Date.now()}`;
    expect(await openCurrentDatabase(name)).toBeNull();
    expect(await databaseNames()).not.toContain(name);
    const db = new FlashcardDatabase(name);
    await fixtureWrite(db, () => db.decks.put({ id: 'd', title: 'D', description: '', source: 'user', hash: '', position: 0 }));
    expect(await db.decks.count()).toBe(1);
    db.close();
  });

  it('leaves a database of an older version to Dexie to upgrade, without blocking it', async () => {
    const name = `raw-old-${Date.now()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({
      decks: 'id, position',
      cards: 'id, deckId, [deckId+queue+due], [deckId+queue+ord], [queue+due], *tags',
      reviewLogs: 'id, [cardId+review], [deckId+review], review',
      settings: 'key'
    });
    await v1.open();
    v1.close();
    expect(await openCurrentDatabase(name)).toBeNull();
    const db = new FlashcardDatabase(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('gives up its connection when another connection needs to upgrade or delete the database', async () => {
    const db = await seededDb('d', 3, NOW);
    const name = db.name;
    db.close();
    const raw = await openCurrentDatabase(name);
    expect(raw).not.toBeNull();
    // A blocked delete would never settle; this resolves because the raw connection closes itself.
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
    });
    expect(await databaseNames()).not.toContain(name);
  });

  it('write() rolls everything back when a request fails after the work returned', async () => {
    const db = await seededDb('d', 2, NOW);
    const before = await db.cards.toArray();
    // The put is fine; the add of an existing key fails asynchronously (ConstraintError).
    const attempt = write(db, ['cards'], async (tx) => {
      const cards = tx.objectStore('cards');
      await request(cards.put({ ...before[0], front: 'changed' }));
      cards.add(before[1]);
      return 'returned';
    });
    await expect(attempt).rejects.toThrow();
    expect(await db.cards.toArray()).toEqual(before);
    db.close();
  });

  it('the queue reads the same through a raw connection as through Dexie', async () => {
    const db = await seededDb('d', 12, NOW);
    // A mix of queues: two learning cards (one due now, one later today), reviews due and not, new cards.
    const cards = await db.cards.orderBy('id').toArray();
    await fixtureWrite(db, () =>
      db.cards.bulkPut([
        { ...cards[0], state: 1, queue: Queue.Learning, due: NOW - 60_000 },
        { ...cards[1], state: 1, queue: Queue.Learning, due: NOW + 5 * 60_000 },
        { ...cards[2], state: 2, queue: Queue.Review, due: NOW - 86_400_000 },
        { ...cards[3], state: 2, queue: Queue.Review, due: NOW + 3 * 86_400_000 }
      ])
    );
    const name = db.name;
    const raw = (await openCurrentDatabase(name))!;
    expect(raw).not.toBeNull();
    for (const source of [db, raw]) {
      expect((await nextCard(source, 'd', NOW, DEFAULT_SETTINGS))?.id).toBe(cards[0].id);
      expect(await deckCounts(source, 'd', NOW, DEFAULT_SETTINGS)).toEqual({ newCount: 8, learningCount: 2, reviewCount: 1, answeredToday: 0 });
      // Review ahead takes whichever is due first, learning or review: the day-old review.
      expect((await nextCardAhead(source, 'd', NOW + 4 * 86_400_000))?.id).toBe(cards[2].id);
      expect(await nextDueTime(source, 'd', NOW, DEFAULT_SETTINGS)).toBe(NOW - 60_000);
      // The study screen's combined read gives the same as the two reads on their own.
      expect(await todaysQueue(source, 'd', NOW, DEFAULT_SETTINGS)).toEqual({
        card: await nextCard(source, 'd', NOW, DEFAULT_SETTINGS),
        counts: await deckCounts(source, 'd', NOW, DEFAULT_SETTINGS),
        tally: await deckTally(source, 'd', NOW, DEFAULT_SETTINGS)
      });
      // The deck list's counts of several decks in one transaction: each deck's own counts, in order (a deck with no cards counts 0).
      const limited = { ...DEFAULT_SETTINGS, newPerDay: 3 };
      expect(
        await read(source, [Store.cards, Store.reviewLogs], (tx) =>
          manyDeckCountsIn(
            tx,
            [
              { deckId: 'd', settings: DEFAULT_SETTINGS },
              { deckId: 'none', settings: DEFAULT_SETTINGS },
              { deckId: 'd', settings: limited }
            ],
            NOW
          )
        )
      ).toEqual([
        await deckCounts(source, 'd', NOW, DEFAULT_SETTINGS),
        { newCount: 0, learningCount: 0, reviewCount: 0, answeredToday: 0 },
        { ...(await deckCounts(source, 'd', NOW, limited)), newCount: 3 }
      ]);
      // Card first, counts after (the study screen paints the card while they are read): the same card and tally.
      const cardFirst = await todaysQueueCardFirst(source, 'd', NOW, DEFAULT_SETTINGS);
      expect(cardFirst.card).toEqual(await nextCard(source, 'd', NOW, DEFAULT_SETTINGS));
      expect(await cardFirst.tally).toEqual(await deckTally(source, 'd', NOW, DEFAULT_SETTINGS));
    }
    raw.close();
    db.close();
  });
});
