import { describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import {
  addCard,
  buryCards,
  CardInputError,
  deleteCards,
  editCard,
  normalizeTags,
  restoreCards,
  setFlag,
  setSuspended,
  unburyDue
} from '../../src/lib/cards/actions';
import { allTags, countCards, searchCards } from '../../src/lib/cards/search';
import { Queue } from '../../src/lib/db/schema';
import { syncBuiltinDeck } from '../../src/lib/decks/sync';
import { recordAnswer } from '../../src/lib/srs/answer';
import { nextStudyDayStart } from '../../src/lib/srs/day';
import { deckCounts, nextCard } from '../../src/lib/srs/queue';
import { createScheduler, pickSchedule } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { freshDb, makeDeck, seededDb } from './db-helpers';

const noon = new Date(2026, 0, 10, 12).getTime();
const scheduler = createScheduler(DEFAULT_SETTINGS);

describe('editing cards', () => {
  it('changes text and tags but never the schedule, and survives a built-in update', async () => {
    const db = await seededDb('d', 2, noon);
    await recordAnswer(db, scheduler, 'd-c0', Rating.Good, noon, 1000);
    const before = pickSchedule((await db.cards.get('d-c0'))!);
    const edited = await editCard(db, 'd-c0', { front: ' New Q ', back: 'New A', more: '', tags: ['Net', 'tcp', 'net'] }, noon + 5);
    expect(edited).toMatchObject({ front: 'New Q', back: 'New A', tags: ['net', 'tcp'], updatedAt: noon + 5, edited: true });
    expect(edited.more).toBeUndefined();
    expect(pickSchedule(edited)).toEqual(before);

    // The next app version changes the built-in text: the user's edit wins, schedule kept.
    const v2 = makeDeck('d', 2, 'v2');
    v2.cards[0].front = 'Upstream Q';
    v2.cards[1].front = 'Upstream Q1';
    await syncBuiltinDeck(db, v2, 0, noon + 10);
    expect((await db.cards.get('d-c0'))!.front).toBe('New Q');
    expect(pickSchedule((await db.cards.get('d-c0'))!)).toEqual(before);
    expect((await db.cards.get('d-c1'))!.front).toBe('Upstream Q1');
  });

  it('rejects an empty side without writing', async () => {
    const db = await seededDb('d', 1, noon);
    await expect(editCard(db, 'd-c0', { front: '  ', back: 'x', tags: [] })).rejects.toBeInstanceOf(CardInputError);
    expect((await db.cards.get('d-c0'))!.front).toBe('Q0');
  });

  it('adds a card at the end of a deck as new', async () => {
    const db = await seededDb('d', 2, noon);
    const card = await addCard(db, 'd', { front: 'F', back: 'B', tags: 'a, b' as unknown as string[] }, noon);
    expect(card).toMatchObject({ deckId: 'd', ord: 2, queue: Queue.New, state: 0, tags: ['a', 'b'] });
    expect(card.id.startsWith('d~')).toBe(true);
    await expect(addCard(db, 'nope', { front: 'F', back: 'B', tags: [] })).rejects.toThrow(/Choose a deck/);
  });

  it('normalizes tags', () => {
    expect(normalizeTags('Linux, File Systems  ext4,,')).toEqual(['linux', 'file', 'systems', 'ext4']);
    expect(normalizeTags(['C++', 'a_b'])).toEqual(['c', 'a-b']);
  });
});

describe('suspend, bury, flag, delete', () => {
  it('suspended cards leave the queue and come back unchanged', async () => {
    const db = await seededDb('d', 2, noon);
    await setSuspended(db, ['d-c0'], true);
    expect((await nextCard(db, 'd', noon, DEFAULT_SETTINGS))!.id).toBe('d-c1');
    expect((await deckCounts(db, 'd', noon, DEFAULT_SETTINGS)).newCount).toBe(1);
    await setSuspended(db, ['d-c0'], false);
    expect((await db.cards.get('d-c0'))!.queue).toBe(Queue.New);
  });

  it('buried cards come back on the next study day', async () => {
    const db = await seededDb('d', 2, noon);
    await recordAnswer(db, scheduler, 'd-c0', Rating.Good, noon, 1000);
    await buryCards(db, ['d-c0', 'd-c1'], noon, 4);
    expect(await nextCard(db, 'd', noon + 3600_000, DEFAULT_SETTINGS)).toBeNull();
    expect(await unburyDue(db, noon + 3600_000)).toBe(0);
    const tomorrow = nextStudyDayStart(noon, 4);
    expect(await unburyDue(db, tomorrow)).toBe(2);
    expect((await db.cards.get('d-c0'))!.queue).toBe(Queue.Learning);
    expect((await db.cards.get('d-c1'))!.queue).toBe(Queue.New);
    expect((await db.cards.get('d-c1'))!.buriedUntil).toBeUndefined();
  });

  it('deleting hides a card everywhere, keeps its history, and can be undone', async () => {
    const db = await seededDb('d', 2, noon);
    await recordAnswer(db, scheduler, 'd-c0', Rating.Easy, noon, 1000);
    await deleteCards(db, ['d-c0']);
    expect((await searchCards(db, {}, 0, 10, noon, 4))!.cards.map((c) => c.id)).toEqual(['d-c1']);
    expect(await db.reviewLogs.count()).toBe(1);
    // A built-in update does not resurrect it.
    await syncBuiltinDeck(db, makeDeck('d', 2, 'v2'), 0, noon);
    expect((await db.cards.get('d-c0'))!.queue).toBe(Queue.Retired);
    await restoreCards(db, ['d-c0']);
    expect((await db.cards.get('d-c0'))!.queue).toBe(Queue.Review);
  });

  it('flags are kept and searchable', async () => {
    const db = await seededDb('d', 3, noon);
    await setFlag(db, ['d-c2'], 1);
    expect((await searchCards(db, { state: 'flagged' }, 0, 10, noon, 4))!.cards.map((c) => c.id)).toEqual(['d-c2']);
  });
});

describe('search', () => {
  it('filters by text words, deck, tag, state and due, and pages', async () => {
    const db = freshDb();
    const a = makeDeck('a', 30);
    a.cards[3] = { id: 'a-c3', front: 'What does TCP do?', back: 'Reliable **streams**', tags: ['net', 'tcp'] };
    a.cards[4] = { id: 'a-c4', front: 'UDP?', back: 'Datagrams, no streams', tags: ['net'] };
    await syncBuiltinDeck(db, a, 0, noon);
    await syncBuiltinDeck(db, makeDeck('b', 5), 1, noon);
    await recordAnswer(db, scheduler, 'a-c0', Rating.Easy, noon, 1000);

    expect((await searchCards(db, { text: 'streams' }, 0, 10, noon, 4))!.cards.map((c) => c.id)).toEqual(['a-c3', 'a-c4']);
    expect((await searchCards(db, { text: 'STREAMS tcp' }, 0, 10, noon, 4))!.cards.map((c) => c.id)).toEqual(['a-c3']);
    expect((await searchCards(db, { tag: 'tcp' }, 0, 10, noon, 4))!.total).toBe(1);
    expect((await searchCards(db, { deckId: 'b' }, 0, 10, noon, 4))!.total).toBe(5);
    expect((await searchCards(db, { state: 'review' }, 0, 10, noon, 4))!.cards.map((c) => c.id)).toEqual(['a-c0']);
    expect((await searchCards(db, { state: 'new' }, 0, 100, noon, 4))!.total).toBe(34);
    expect((await searchCards(db, { due: 'today' }, 0, 10, noon, 4))!.total).toBe(0);
    expect((await searchCards(db, { due: 'later' }, 0, 10, noon, 4))!.total).toBe(1);

    // A page that does not reach the end leaves the total to countCards.
    const page1 = (await searchCards(db, { deckId: 'a' }, 0, 10, noon, 4))!;
    const page3 = (await searchCards(db, { deckId: 'a' }, 20, 10, noon, 4))!;
    expect(page1).toMatchObject({ total: null, more: true });
    expect(await countCards(db, { deckId: 'a' }, noon, 4)).toBe(30);
    expect(page3).toMatchObject({ total: 30, more: false });
    expect(page1.cards).toHaveLength(10);
    expect(page3.cards).toHaveLength(10);
    expect(new Set([...page1.cards, ...page3.cards].map((c) => c.id)).size).toBe(20);
    expect(await allTags(db)).toEqual(['net', 'tcp']);
  });

  it('stops reading rows after the first page, and when a newer search takes over', async () => {
    const db = await seededDb('d', 500, noon);
    let rowsRead = 0;
    const cursorContinue = IDBCursor.prototype.continue;
    IDBCursor.prototype.continue = function (this: IDBCursor, ...args: Parameters<IDBCursor['continue']>) {
      rowsRead++;
      return cursorContinue.apply(this, args);
    };
    try {
      const page = (await searchCards(db, { text: 'q', scan: true }, 0, 20, noon, 4))!;
      expect(page.cards).toHaveLength(20);
      expect(page.more).toBe(true);
    } finally {
      IDBCursor.prototype.continue = cursorContinue;
    }
    expect(rowsRead).toBeGreaterThan(0);
    expect(rowsRead).toBeLessThan(50); // not the 500 rows of a full scan
    // Typed over: the search and the count give up and say so.
    let left = 100;
    const superseded = () => --left > 0;
    expect(await searchCards(db, { text: 'no such word', scan: true }, 0, 20, noon, 4, superseded)).toBeNull();
    left = 100;
    expect(await countCards(db, { text: 'q', scan: true }, noon, 4, superseded)).toBeNull();
    expect(await countCards(db, { text: 'q' }, noon, 4)).toBe(500);
  });
});

describe('deck management', () => {
  it('creates, renames, limits, hides and deletes decks; logs stay', async () => {
    const { createDeck, updateDeck, setDeckHidden, deleteDeck } = await import('../../src/lib/decks/manage');
    const { settingsForDeck } = await import('../../src/lib/srs/settings');
    const db = await seededDb('b', 3, noon);
    const deck = await createDeck(db, '  My   SQL notes ');
    expect(deck).toMatchObject({ title: 'My SQL notes', source: 'user', position: 1 });
    expect(deck.id).toMatch(/^user-my-sql-notes-/);
    await addCard(db, deck.id, { front: 'F', back: 'B', tags: [] }, noon);
    const card = (await db.cards.where('deckId').equals(deck.id).first())!;
    await recordAnswer(db, scheduler, card.id, Rating.Good, noon, 1000);

    const renamed = await updateDeck(db, deck.id, { title: 'SQL', newPerDay: 3 });
    expect(renamed).toMatchObject({ title: 'SQL', newPerDay: 3 });
    expect(settingsForDeck(DEFAULT_SETTINGS, renamed)).toMatchObject({ newPerDay: 3, reviewsPerDay: 200 });
    expect((await updateDeck(db, deck.id, { newPerDay: null })).newPerDay).toBeUndefined();
    await expect(updateDeck(db, deck.id, { title: ' ' })).rejects.toThrow(/needs a name/);
    await expect(updateDeck(db, deck.id, { reviewsPerDay: -2 })).rejects.toThrow(/whole numbers/);

    await expect(deleteDeck(db, 'b')).rejects.toThrow(/hide the deck/);
    await setDeckHidden(db, 'b', true);
    await syncBuiltinDeck(db, makeDeck('b', 3, 'v2'), 0, noon);
    expect((await db.decks.get('b'))!.hidden).toBe(true);

    expect(await deleteDeck(db, deck.id)).toEqual({ cards: 1 });
    expect(await db.decks.get(deck.id)).toBeUndefined();
    expect(await db.reviewLogs.where('[deckId+review]').between([deck.id, 0], [deck.id, Infinity]).count()).toBe(1);
  });
});
