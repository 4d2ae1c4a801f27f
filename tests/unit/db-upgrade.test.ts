import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { FlashcardDatabase } from '../../src/lib/db/database';

// The schema exactly as version 1 shipped it: an upgrade must open such a database losslessly.
const V1_STORES = {
  decks: 'id, position',
  cards: 'id, deckId, [deckId+queue+due], [deckId+queue+ord], [queue+due], *tags',
  reviewLogs: 'id, [cardId+review], [deckId+review], review',
  settings: 'key'
};

describe('database upgrades', () => {
  it('opens a version 1 database with every row intact, adds the media table and indexes old logs', async () => {
    const name = `upgrade-${Date.now()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(V1_STORES);
    const deck = { id: 'd', title: 'D', description: '', source: 'builtin', hash: 'h', position: 0 };
    const card = { id: 'c', deckId: 'd', ord: 0, front: 'Q', back: 'A', tags: ['t'], createdAt: 1, updatedAt: 1, due: 5, stability: 2.5, difficulty: 5.1, scheduledDays: 3, learningSteps: 0, reps: 2, lapses: 0, state: 2, lastReview: 4, queue: 2, suspended: false, retired: false };
    const log = { id: '0190-x', cardId: 'c', deckId: 'd', rating: 3, review: 4, duration: 1000, state: 1, due: 4, stability: 1, difficulty: 5, elapsedDays: 0, scheduledDays: 0, learningSteps: 1, before: {} };
    await v1.table('decks').add(deck);
    await v1.table('cards').add(card);
    await v1.table('reviewLogs').add(log);
    await v1.table('settings').add({ key: 'study', value: { newPerDay: 7 } });
    v1.close();

    const db = new FlashcardDatabase(name);
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.decks.toArray()).toEqual([deck]);
    expect(await db.cards.toArray()).toEqual([card]);
    expect(await db.reviewLogs.toArray()).toEqual([log]);
    expect(await db.settings.get('study')).toEqual({ key: 'study', value: { newPerDay: 7 } });
    expect(await db.cards.where('[deckId+queue+due]').equals(['d', 2, 5]).count()).toBe(1);
    await db.media.add({ id: 'm1', deckId: 'd', name: 'a.png', mime: 'image/png', data: new Blob([new Uint8Array([1, 2])]), size: 2 });
    expect(await db.media.where('deckId').equals('d').count()).toBe(1);
    // v3: existing logs are in the new [deckId+state+review] index.
    expect(await db.reviewLogs.where('[deckId+state+review]').between(['d', 1, 0], ['d', 1, Infinity]).count()).toBe(1);
    db.close();
  });
});
