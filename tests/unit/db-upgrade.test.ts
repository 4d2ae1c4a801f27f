import { fixtureWrite } from './db-helpers';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import { FlashcardDatabase } from '../../src/lib/db/database';
import { SCHEMA_VERSION } from '../../src/lib/db/identity';
import { CardIndex } from '../../src/lib/db/stores';
import { latestAnswer, recordAnswer, undoLastAnswer } from '../../src/lib/srs/answer';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';

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
    const card = {
      id: 'c',
      deckId: 'd',
      ord: 0,
      front: 'Q',
      back: 'A',
      tags: ['t'],
      createdAt: 1,
      updatedAt: 1,
      due: 5,
      stability: 2.5,
      difficulty: 5.1,
      scheduledDays: 3,
      learningSteps: 0,
      reps: 2,
      lapses: 0,
      state: 2,
      lastReview: 4,
      queue: 2,
      suspended: false,
      retired: false
    };
    const log = {
      id: '0190-x',
      cardId: 'c',
      deckId: 'd',
      rating: 3,
      review: 4,
      duration: 1000,
      state: 1,
      due: 4,
      stability: 1,
      difficulty: 5,
      elapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 1,
      before: {}
    };
    await v1.table('decks').add(deck);
    await v1.table('cards').add(card);
    await v1.table('reviewLogs').add(log);
    await v1.table('settings').add({ key: 'study', value: { newPerDay: 7 } });
    v1.close();

    const db = new FlashcardDatabase(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(await db.decks.toArray()).toEqual([deck]);
    expect(await db.cards.toArray()).toEqual([card]);
    expect(await db.reviewLogs.toArray()).toEqual([log]);
    expect(await db.settings.get('study')).toEqual({ key: 'study', value: { newPerDay: 7 } });
    expect(await db.cards.where('[deckId+queue+due]').equals(['d', 2, 5]).count()).toBe(1);
    await fixtureWrite(db, () => db.media.add({ id: 'm1', deckId: 'd', name: 'a.png', mime: 'image/png', data: new Blob([new Uint8Array([1, 2])]), size: 2 }));
    expect(await db.media.where('deckId').equals('d').count()).toBe(1);
    // v5: the change feed's store exists, empty (nothing was recorded while sync was off).
    expect(await db.outbox.count()).toBe(0);
    // v3: existing logs are in the new [deckId+state+review] index.
    expect(await db.reviewLogs.where('[deckId+state+review]').between(['d', 1, 0], ['d', 1, Infinity]).count()).toBe(1);
    db.close();
  });

  it('opens a version 3 database: old logs keep no seq and are not undone, new answers are numbered', async () => {
    const name = `upgrade-v3-${Date.now()}`;
    const v3 = new Dexie(name);
    v3.version(1).stores(V1_STORES);
    v3.version(2).stores({ media: 'id, deckId' });
    v3.version(3).stores({ reviewLogs: 'id, [cardId+review], [deckId+review], [deckId+state+review], review' });
    const newCard = { due: 1, stability: 0, difficulty: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, state: 0, lastReview: null };
    const card = (id: string) => ({
      id,
      deckId: 'd',
      ord: 0,
      front: 'Q',
      back: 'A',
      tags: [],
      createdAt: 1,
      updatedAt: 1,
      ...newCard,
      queue: 0,
      suspended: false,
      retired: false
    });
    const answered = { ...card('c0'), due: 10 * 60_000, stability: 2, difficulty: 5, reps: 1, state: 1, lastReview: 5, queue: 1 };
    const log = {
      id: '0190-x',
      cardId: 'c0',
      deckId: 'd',
      rating: 3,
      review: 5,
      duration: 1000,
      state: 0,
      due: 1,
      stability: 0,
      difficulty: 0,
      elapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 0,
      before: newCard
    };
    await v3.table('decks').add({ id: 'd', title: 'D', description: '', source: 'builtin', hash: 'h', position: 0 });
    await v3.table('cards').bulkAdd([answered, card('c1')]);
    await v3.table('reviewLogs').add(log);
    v3.close();

    const db = new FlashcardDatabase(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(await db.reviewLogs.toArray()).toEqual([log]);
    expect(await db.cards.get('c0')).toEqual(answered);
    // An answer from before the upgrade has no place in the order of recording: nothing to undo.
    expect(await latestAnswer(db, 'd')).toBeUndefined();
    expect(await undoLastAnswer(db, 'd')).toBeNull();
    expect(await db.cards.get('c0')).toEqual(answered);

    const scheduler = createScheduler(DEFAULT_SETTINGS);
    expect((await recordAnswer(db, scheduler, 'c1', Rating.Good, 6, 1000)).seq).toBe(1);
    expect((await undoLastAnswer(db, 'd'))!.id).toBe('c1');
    expect(await db.reviewLogs.toArray()).toEqual([log]);
    db.close();
  });

  it('opens a version 5 database: imported cards whose id shows their note get noteId, and siblings are found by it', async () => {
    const name = `upgrade-v5-${Date.now()}`;
    const v5 = new Dexie(name);
    v5.version(1).stores(V1_STORES);
    v5.version(2).stores({ media: 'id, deckId' });
    v5.version(3).stores({ reviewLogs: 'id, [cardId+review], [deckId+review], [deckId+state+review], review' });
    v5.version(4).stores({ reviewLogs: 'id, [cardId+review], [deckId+review], [deckId+state+review], [deckId+seq], review' });
    v5.version(5).stores({ outbox: '++seq' });
    const newCard = { due: 1, stability: 0, difficulty: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, state: 0, lastReview: null };
    const card = (id: string, deckId = 'import_x') => ({
      id,
      deckId,
      ord: 0,
      front: 'Q',
      back: 'A',
      tags: [],
      createdAt: 1,
      updatedAt: 1,
      ...newCard,
      queue: 0,
      suspended: false,
      retired: false
    });
    const rows = [
      card('import_x:a:Gu.id:x.0'), // an Anki note's two cards (a guid may hold "." and ":")
      card('import_x:a:Gu.id:x.1'),
      card('import_y:a:Gu.id:x.0', 'import_y'), // the same Anki note imported into another deck: a sibling too
      card('import_x:h:abc12.c1'), // a text file's cloze row, keyed by its text
      card('import_x:h:abc12.c2'),
      card('import_x:i:3.5'), // an id column: "3.5" may be the id itself, so no note
      card('import_x:h:def34'), // a basic card
      card('net-osi', 'networking') // built-in
    ];
    await v5.table('cards').bulkAdd(rows);
    v5.close();

    const db = new FlashcardDatabase(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    const stored = await db.cards.toArray();
    expect(Object.fromEntries(stored.map((c) => [c.id, c.noteId]))).toEqual({
      'import_x:a:Gu.id:x.0': 'a:Gu.id:x',
      'import_x:a:Gu.id:x.1': 'a:Gu.id:x',
      'import_y:a:Gu.id:x.0': 'a:Gu.id:x',
      'import_x:h:abc12.c1': 'import_x:h:abc12',
      'import_x:h:abc12.c2': 'import_x:h:abc12',
      'import_x:i:3.5': undefined,
      'import_x:h:def34': undefined,
      'net-osi': undefined
    });
    // Every other field is as it was.
    for (const { noteId: _, ...rest } of stored) expect(rest).toEqual(rows.find((r) => r.id === rest.id));
    expect((await db.cards.where(CardIndex.noteId).equals('a:Gu.id:x').primaryKeys()).sort()).toEqual([
      'import_x:a:Gu.id:x.0',
      'import_x:a:Gu.id:x.1',
      'import_y:a:Gu.id:x.0'
    ]);
    db.close();
  });
});
