import Dexie from 'dexie';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import { addCard, buryCards, deleteCards, editCard, restoreCards, setFlag, setSuspended } from '../../src/lib/cards/actions';
import { countCards, searchCards, SearchSyntaxError, type CardQuery } from '../../src/lib/cards/search';
import { buildSearchIndex, searchIndexReady } from '../../src/lib/cards/search-index-build';
import { parseSearch } from '../../src/lib/cards/search-syntax';
import { loadBackupFile } from '../../src/lib/backup/read';
import { applyRestore } from '../../src/lib/backup/restore';
import { createBackup } from '../../src/lib/backup/write';
import { setChangeFeed } from '../../src/lib/db/change-feed';
import { FlashcardDatabase } from '../../src/lib/db/database';
import { cardWords, INDEX_PROGRESS_KEY, type CardWords, type IndexProgressRow } from '../../src/lib/db/search-words';
import { SEGMENT_SIZE, segmentOf, type StoredCardWords } from '../../src/lib/db/word-postings';
import { createDeck, deleteDeck } from '../../src/lib/decks/manage';
import { syncBuiltinDeck } from '../../src/lib/decks/sync';
import { parseDelimited } from '../../src/lib/import/delimited';
import { writeImport } from '../../src/lib/import/write';
import { recordAnswer, undoLastAnswer } from '../../src/lib/srs/answer';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { loadPouchDB } from '../../src/lib/sync/pouch';
import { syncDatabases } from '../../src/lib/sync/engine/run';
import { Wire, type LocalDatabase } from '../../src/lib/sync/engine/wire';
import { CardState, Queue } from '../../src/lib/db/schema';
import { fixtureWrite, freshDb, makeDeck } from './db-helpers';

const noon = Date.UTC(2026, 0, 10, 12);
const scheduler = createScheduler(DEFAULT_SETTINGS);

afterEach(() => setChangeFeed(false));

/** A small collection with words worth searching. */
async function collection(): Promise<FlashcardDatabase> {
  const db = freshDb();
  const net = makeDeck('net', 6);
  net.title = 'Networking';
  net.cards[0] = { id: 'net-c0', front: 'What does TCP do?', back: 'Reliable, ordered **streams** of bytes', tags: ['tcp'] };
  net.cards[1] = { id: 'net-c1', front: 'UDP?', back: 'Datagrams: no streams, no order', tags: ['udp'] };
  net.cards[2] = { id: 'net-c2', front: 'Where is `ip_forward`?', back: '/proc/sys/net/ipv4/ip_forward', tags: ['linux::proc'] };
  net.cards[3] = { id: 'net-c3', front: 'Kernel bypass', back: 'DPDK moves packets to user space', tags: ['linux'] };
  await syncBuiltinDeck(db, net, 0, noon);
  const os = makeDeck('os', 4);
  os.title = 'OS internals';
  os.cards[0] = { id: 'os-c0', front: 'What is a kernel?', back: 'The core of the <strong>operating</strong> system', tags: ['linux'] };
  os.cards[1] = { id: 'os-c1', front: 'Kernel space vs user space', back: 'Privilege levels', tags: [] };
  await syncBuiltinDeck(db, os, 1, noon);
  await buildSearchIndex(db);
  return db;
}

const ids = async (db: FlashcardDatabase, query: CardQuery) => (await searchCards(db, query, 0, 1000, noon, 4))!.cards.map((c) => c.id);

/**
 * The index holds exactly one row per searchable card, with that card's words now and an ordinal
 * of its own; each word's posting rows list exactly the ordinals of the cards with that word, in
 * order, in the ordinal's segment; and wordIds turns each ordinal back into its card (only those).
 */
async function expectIndexTrue(db: FlashcardDatabase) {
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  const stored = (await db.cardWords.toArray()).filter((r) => r.id !== INDEX_PROGRESS_KEY) as StoredCardWords[];
  const expected = (await db.cards.toArray()).map(cardWords).filter((r): r is CardWords => r !== null);
  expect(stored.map(({ id, words }) => ({ id, words: words.split(' ').sort() })).sort(byId)).toEqual(
    expected.map(({ id, words }) => ({ id, words: [...words].sort() })).sort(byId)
  );
  const ords = stored.map((r) => r.ord);
  expect(new Set(ords).size).toBe(ords.length);
  const progress = (await db.cardWords.get(INDEX_PROGRESS_KEY)) as IndexProgressRow;
  expect(progress.nextOrd).toBeGreaterThan(Math.max(-1, ...ords));
  const want = new Map<string, number[]>();
  for (const { ord, words } of stored)
    for (const word of words.split(' ')) {
      const key = `${word} ${segmentOf(ord)}`;
      want.set(key, [...(want.get(key) ?? []), ord]);
    }
  const have = new Map((await db.wordPostings.toArray()).map((r) => [`${r.word} ${r.seg}`, [...r.ords]]));
  expect(have).toEqual(new Map([...want].map(([k, list]) => [k, list.sort((a, b) => a - b)])));
  const idOf = new Map<number, string>();
  for (const row of await db.wordIds.toArray()) row.ids.forEach((id, i) => id && idOf.set(row.seg * SEGMENT_SIZE + i, id));
  expect(idOf).toEqual(new Map(stored.map((r) => [r.ord, r.id])));
}

/** The word index and a scan of every card give the same pages and totals. */
async function expectIndexAgreesWithScan(db: FlashcardDatabase, queries: string[]) {
  for (const text of queries) {
    const indexed = await searchCards(db, { text }, 0, 1000, noon, 4);
    const scanned = await searchCards(db, { text, scan: true }, 0, 1000, noon, 4);
    expect(
      indexed!.cards.map((c) => c.id),
      text
    ).toEqual(scanned!.cards.map((c) => c.id));
    expect(await countCards(db, { text }, noon, 4), text).toBe(scanned!.total);
  }
}

const QUERIES = ['kernel', 'kern', 'space', 'streams', 'streams tcp', '"user space"', '"space user"', '-kernel space', 'ip_forward', 'tcp', 'nowhere', 'q1'];

describe('search syntax', () => {
  it('parses words, phrases, exclusions, deck:, tag: and is:', () => {
    expect(parseSearch('Kernel  "User Space" -udp deck:"OS internals" -tag:linux is:due c:\\temp').terms).toEqual([
      { kind: 'text', words: ['kernel'], negate: false },
      { kind: 'text', words: ['user', 'space'], negate: false },
      { kind: 'text', words: ['udp'], negate: true },
      { kind: 'deck', name: 'os internals', negate: false },
      { kind: 'tag', name: 'linux', negate: true },
      { kind: 'is', state: 'due', negate: false },
      { kind: 'text', words: ['c', 'temp'], negate: false }
    ]);
    expect(parseSearch('is:sleeping').error).toMatch(/“is:sleeping” is not a card state: use is:due, is:new/);
    expect(parseSearch('deck:').error).toBe('Say which deck after “deck:”.');
    expect(parseSearch(' - "" ').terms).toEqual([]);
  });

  it('answers each kind of term, through the index and by a scan alike', async () => {
    const db = await collection();
    await recordAnswer(db, scheduler, 'os-c0', Rating.Good, noon, 1000); // learning, due in 10 minutes
    await setSuspended(db, ['net-c3'], true);
    // Words: every one must start a word of the card (front, back, more or tags), in any case.
    expect(await ids(db, { text: 'KERNEL' })).toEqual(['net-c3', 'os-c0', 'os-c1']);
    expect(await ids(db, { text: 'stream tcp' })).toEqual(['net-c0']);
    // Markup is not text: <strong> is no word, `operating` is.
    expect(await ids(db, { text: 'operating' })).toEqual(['os-c0']);
    expect(await ids(db, { text: 'strong' })).toEqual([]);
    // A phrase: its words next to each other; a word with punctuation inside is one too.
    expect(await ids(db, { text: '"user space"' })).toEqual(['net-c3', 'os-c1']);
    expect(await ids(db, { text: '"space user"' })).toEqual([]);
    expect(await ids(db, { text: 'ip_forward' })).toEqual(['net-c2']);
    // Exclusion of any term.
    expect(await ids(db, { text: 'kernel -bypass' })).toEqual(['os-c0', 'os-c1']);
    expect(await ids(db, { text: 'space -"user space"' })).toEqual([]);
    // deck: by title or id, tag: with its children, is: by state.
    expect(await ids(db, { text: 'kernel deck:"os internals"' })).toEqual(['os-c0', 'os-c1']);
    expect(await ids(db, { text: 'kernel -deck:os' })).toEqual(['net-c3']);
    expect(await ids(db, { text: 'kernel deck:nowhere' })).toEqual([]);
    expect(await ids(db, { text: 'tag:linux' })).toEqual(['net-c2', 'net-c3', 'os-c0']);
    expect(await ids(db, { text: 'kernel tag:linux' })).toEqual(['net-c3', 'os-c0']);
    expect(await ids(db, { text: 'kernel is:due' })).toEqual(['os-c0']);
    expect(await ids(db, { text: 'kernel is:learn' })).toEqual(['os-c0']);
    expect(await ids(db, { text: 'kernel is:new' })).toEqual(['os-c1']);
    expect(await ids(db, { text: 'kernel is:suspended' })).toEqual(['net-c3']);
    expect(await ids(db, { text: 'kernel -is:suspended', state: 'new' })).toEqual(['os-c1']);
    await expect(searchCards(db, { text: 'is:what' }, 0, 10, noon, 4)).rejects.toBeInstanceOf(SearchSyntaxError);
    await expectIndexAgreesWithScan(db, [...QUERIES, 'kernel is:due', 'kernel tag:linux', 'kernel -deck:os', 'kernel deck:networking is:suspended']);
  });

  it("deck: and tag: take * for any text and a deck's whole path; tags match in any case", async () => {
    const db = freshDb();
    const sql = makeDeck('sql', 3);
    sql.title = 'SQL basics';
    sql.cards[0] = { id: 'sql-c0', front: 'Index scan?', back: 'Reads the index', tags: ['Databases::Postgres'] };
    sql.cards[1] = { id: 'sql-c1', front: 'Join?', back: 'Rows of two tables', tags: ['DATABASES'] };
    sql.cards[2] = { id: 'sql-c2', front: 'NULL?', back: 'Unknown', tags: ['data'] };
    await syncBuiltinDeck(db, sql, 0, noon);
    const windows = { ...makeDeck('sql-win', 2), title: 'Window functions', parent: 'sql' };
    await syncBuiltinDeck(db, windows, 1, noon);
    const other = makeDeck('net', 1);
    other.title = 'Networking';
    await syncBuiltinDeck(db, other, 2, noon);
    await buildSearchIndex(db);

    const sqlIds = ['sql-c0', 'sql-c1', 'sql-c2', 'sql-win-c0', 'sql-win-c1'];
    expect(await ids(db, { text: 'deck:sql*' })).toEqual(sqlIds);
    expect(await ids(db, { text: 'deck:*functions' })).toEqual(['sql-win-c0', 'sql-win-c1']);
    expect(await ids(db, { text: 'deck:"SQL basics::Window functions"' })).toEqual(['sql-win-c0', 'sql-win-c1']);
    expect(await ids(db, { text: 'deck:*' })).toEqual(['net-c0', ...sqlIds]);
    expect(await ids(db, { text: 'deck:sq' })).toEqual([]); // no wildcard: the whole name
    expect(await ids(db, { text: 'tag:databases' })).toEqual(['sql-c0', 'sql-c1']);
    expect(await ids(db, { text: 'tag:Databases::postgres' })).toEqual(['sql-c0']);
    expect(await ids(db, { text: 'tag:data*' })).toEqual(['sql-c0', 'sql-c1', 'sql-c2']);
    expect(await ids(db, { text: 'tag:*postgres' })).toEqual(['sql-c0']);
    expect(await ids(db, { text: 'deck:sql* -tag:data*' })).toEqual(['sql-win-c0', 'sql-win-c1']);
    // A name with the characters a pattern would treat specially is still only that name.
    expect(await ids(db, { text: 'tag:data.' })).toEqual([]);
    await expectIndexAgreesWithScan(db, ['deck:sql*', 'deck:*functions', 'tag:data*', 'tag:databases', '-tag:*postgres', 'q0 deck:*', 'tag:(data']);
  });

  it('gives the total with the first page when the indexes answer every term, and pages in id order', async () => {
    const db = freshDb();
    await syncBuiltinDeck(db, makeDeck('d', 120), 0, noon);
    // A new database's first decks are merged without the index (a first visit does not wait for it); it is built after.
    expect(await db.wordPostings.count()).toBe(0);
    expect(await searchIndexReady(db)).toBe(false);
    await buildSearchIndex(db);
    expect(await searchIndexReady(db)).toBe(true);
    const page = (await searchCards(db, { text: 'q' }, 0, 50, noon, 4))!;
    expect(page).toMatchObject({ total: 120, more: true });
    const last = (await searchCards(db, { text: 'q' }, 100, 50, noon, 4))!;
    expect(last).toMatchObject({ total: 120, more: false });
    expect(last.cards).toHaveLength(20);
    const all = (await searchCards(db, { text: 'q', scan: true }, 0, 200, noon, 4))!.cards.map((c) => c.id);
    expect([...page.cards, ...last.cards].map((c) => c.id)).toEqual([...all.slice(0, 50), ...all.slice(100)]);
    // Flags have no index: they are checked on the rows, the page first, the count after.
    await setFlag(db, ['d-c1', 'd-c3', 'd-c5', 'd-c7', 'd-c9', 'd-c11', 'd-c13'], 2);
    const flagged = (await searchCards(db, { text: 'q', state: 'flagged' }, 0, 5, noon, 4))!;
    expect(flagged).toMatchObject({ total: null, more: true });
    expect(await countCards(db, { text: 'q', state: 'flagged' }, noon, 4)).toBe(7);
    expect((await searchCards(db, { text: 'q', state: 'flagged' }, 5, 5, noon, 4))!).toMatchObject({ total: 7, more: false });
  });
});

describe('the word index follows every write through the gateway', () => {
  it('edits, additions, deletions, restores, suspensions and deck deletion', async () => {
    const db = await collection();
    await expectIndexTrue(db);
    await editCard(db, 'net-c1', { front: 'UDP?', back: 'Datagrams without congestion control', tags: ['udp'] });
    expect(await ids(db, { text: 'streams' })).toEqual(['net-c0']);
    expect(await ids(db, { text: 'congestion' })).toEqual(['net-c1']);
    const own = await createDeck(db, 'Mine');
    const card = await addCard(db, own.id, { front: 'Quasar', back: 'A bright nucleus', tags: [] });
    expect(await ids(db, { text: 'quasar' })).toEqual([card.id]);
    await deleteCards(db, ['os-c0']);
    expect(await ids(db, { text: 'kernel' })).toEqual(['net-c3', 'os-c1']);
    await restoreCards(db, ['os-c0']);
    expect(await ids(db, { text: 'kernel' })).toEqual(['net-c3', 'os-c0', 'os-c1']);
    await setSuspended(db, ['os-c1'], true);
    await buryCards(db, ['net-c3'], noon, 4);
    await deleteDeck(db, own.id);
    expect(await ids(db, { text: 'quasar' })).toEqual([]);
    await expectIndexTrue(db);
    await expectIndexAgreesWithScan(db, QUERIES);
  });

  it('built-in deck updates: changed text, removed (retired) cards', async () => {
    const db = await collection();
    const v2 = makeDeck('os', 3, 'v2');
    v2.title = 'OS internals';
    v2.cards[0] = { id: 'os-c0', front: 'What is a microkernel?', back: 'A small kernel', tags: [] };
    await syncBuiltinDeck(db, v2, 1, noon);
    expect(await ids(db, { text: 'microkernel' })).toEqual(['os-c0']);
    expect(await ids(db, { text: 'privilege' })).toEqual([]); // os-c1 changed text
    expect(await ids(db, { text: 'q3' })).toEqual([]); // os-c3 retired
    await expectIndexTrue(db);
  });

  it('imports: the cards are indexed after the import, search reads every card until then, and writes meanwhile are kept', async () => {
    const db = await collection();
    const parsed = parseDelimited('front,back\nWhat is a zettabyte?,10^21 bytes\nKernel modules?,lsmod\nA yottabyte?,10^24 bytes\n', 'mine.csv');
    const { deckId } = await writeImport(db, parsed, { title: 'Mine' }, { now: noon });
    const [zetta, kmod, yotta] = parsed.cards.map((c) => `${deckId}:${c.key}`);
    // Left to the background build: not in the index yet, and search is right by a scan.
    expect(await db.cardWords.get(zetta)).toBeUndefined();
    expect(await searchIndexReady(db)).toBe(false);
    expect(await ids(db, { text: 'zettabyte' })).toEqual([zetta]);
    expect(await ids(db, { text: 'kernel lsmod' })).toEqual([kmod]);
    // Before the build: an edit of an imported card (left to the build), a deletion (at once), an edit elsewhere (at once).
    await editCard(db, kmod, { front: 'Kernel modules?', back: 'modprobe', tags: [] });
    await deleteCards(db, [yotta]);
    await editCard(db, 'os-c1', { front: 'Kernel space', back: 'Rings', tags: [] });
    expect(await ids(db, { text: 'rings' })).toEqual(['os-c1']);
    await buildSearchIndex(db);
    expect(await searchIndexReady(db)).toBe(true);
    expect(((await db.cardWords.get(INDEX_PROGRESS_KEY)) as IndexProgressRow).pending).toEqual([]);
    expect(await ids(db, { text: 'modprobe' })).toEqual([kmod]);
    expect(await ids(db, { text: 'lsmod' })).toEqual([]);
    expect(await ids(db, { text: 'yottabyte' })).toEqual([]);
    await expectIndexTrue(db);
    // Imported again with a changed card: the stored card's words change once the build has run.
    const again = parseDelimited('front,back\nWhat is a zettabyte?,a lot of bytes\n', 'mine.csv');
    await writeImport(db, again, { deckId, title: 'Mine' }, { now: noon });
    expect(await searchIndexReady(db)).toBe(false);
    expect(await ids(db, { text: 'zettabyte lot' })).toEqual([zetta]);
    await buildSearchIndex(db);
    expect(await ids(db, { text: 'zettabyte lot' })).toEqual([zetta]);
    await expectIndexTrue(db);
    await expectIndexAgreesWithScan(db, [...QUERIES, 'bytes', 'kernel']);
  });

  it('restores: replace and merge', async () => {
    const source = await collection();
    await editCard(source, 'net-c0', { front: 'TCP handshake?', back: 'SYN, SYN-ACK, ACK', tags: ['tcp'] });
    const backup = await loadBackupFile((await createBackup(source, { appVersion: 'x' })).blob);
    const replaced = await collection();
    await addCard(replaced, 'os', { front: 'Gone after replace', back: 'x', tags: [] });
    await applyRestore(replaced, backup, 'replace');
    expect(await ids(replaced, { text: 'gone' })).toEqual([]);
    expect(await ids(replaced, { text: 'handshake' })).toEqual(['net-c0']);
    expect(await searchIndexReady(replaced)).toBe(true);
    await expectIndexTrue(replaced);
    const merged = await collection();
    await applyRestore(merged, backup, 'merge');
    expect(await ids(merged, { text: 'handshake' })).toEqual(['net-c0']);
    await expectIndexTrue(merged);
  });

  it('a search after a restore "replace" finds the restored cards, not the ids it had read before (ordinals are never given again)', async () => {
    // The backup has fewer cards than the collection it replaces, under other ids.
    const small = freshDb();
    const other = makeDeck('other', 2);
    other.cards[0] = { id: 'other-c0', front: 'Kernel of a smaller collection', back: 'x', tags: [] };
    await syncBuiltinDeck(small, other, 0, noon);
    await buildSearchIndex(small);
    const backup = await loadBackupFile((await createBackup(small, { appVersion: 'x' })).blob);
    const db = await collection();
    // This search keeps the ids by ordinal for the next ones (search-ids.ts).
    expect(await ids(db, { text: 'kernel' })).toEqual(['net-c3', 'os-c0', 'os-c1']);
    const before = ((await db.cardWords.get(INDEX_PROGRESS_KEY)) as IndexProgressRow).nextOrd!;
    await applyRestore(db, backup, 'replace');
    expect(await ids(db, { text: 'kernel' })).toEqual(['other-c0']);
    expect(await ids(db, { text: 'q1' })).toEqual(['other-c1']);
    expect(((await db.cardWords.get(INDEX_PROGRESS_KEY)) as IndexProgressRow).nextOrd).toBe(before + 2);
    await expectIndexTrue(db);
  });

  it('cards added after a search are found by the next one, in the segment the earlier search read', async () => {
    const db = await collection();
    expect(await ids(db, { text: 'kernel' })).toEqual(['net-c3', 'os-c0', 'os-c1']);
    const deck = await createDeck(db, 'Mine');
    const card = await addCard(db, deck.id, { front: 'Kernel modules', back: 'x', tags: [] });
    expect(await ids(db, { text: 'kernel' })).toEqual(['net-c3', 'os-c0', 'os-c1', card.id].sort());
    await deleteCards(db, ['os-c0']);
    expect(await ids(db, { text: 'kernel' })).toEqual(['net-c3', 'os-c1', card.id].sort());
  });

  it('sync: cards pulled from another device, edited and deleted there', async () => {
    setChangeFeed(true);
    const PouchDB = (await loadPouchDB()) as unknown as { plugin(p: unknown): void; new (name: string, o: object): unknown };
    PouchDB.plugin(memoryAdapter);
    const pouch = (name: string) => new PouchDB(`${name}-${process.pid}-${Math.random()}`, { adapter: 'memory' });
    const remote = pouch('server');
    const phone = { db: await collection(), local: pouch('phone') as LocalDatabase };
    const laptop = { db: await collection(), local: pouch('laptop') as LocalDatabase };
    const sync = (d: typeof phone) => syncDatabases(d.db, d.local, remote, new Wire(null));
    await sync(phone);
    await sync(laptop);
    await editCard(phone.db, 'net-c0', { front: 'TCP handshake?', back: 'SYN, SYN-ACK, ACK', tags: ['tcp'] });
    await deleteCards(phone.db, ['os-c1']);
    const deck = await createDeck(phone.db, 'Mine');
    const card = await addCard(phone.db, deck.id, { front: 'Quasar', back: 'A bright nucleus', tags: [] });
    await recordAnswer(phone.db, scheduler, 'os-c0', Rating.Good, noon, 1000);
    await sync(phone);
    await sync(laptop);
    expect(await ids(laptop.db, { text: 'handshake' })).toEqual(['net-c0']);
    expect(await ids(laptop.db, { text: 'quasar' })).toEqual([card.id]);
    expect(await ids(laptop.db, { text: 'kernel' })).toEqual(['net-c3', 'os-c0']);
    await expectIndexTrue(laptop.db);
    await expectIndexAgreesWithScan(laptop.db, QUERIES);
  });

  it('answers and their undo do not write the index (they never change text)', async () => {
    const db = await collection();
    const put = IDBObjectStore.prototype.put;
    const stores: string[] = [];
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      stores.push(this.name);
      return put.apply(this, args);
    };
    try {
      await recordAnswer(db, scheduler, 'os-c0', Rating.Good, noon, 1000);
      await undoLastAnswer(db, 'os');
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(stores).toContain('cards');
    expect(stores).not.toContain('cardWords');
    await expectIndexTrue(db);
  });

  it('an answer that tags a card leech indexes the tag, and its undo takes it out', async () => {
    const db = await collection();
    // A card in review with 7 lapses: Again makes it a leech (srs/leech.ts). Its words do not change here.
    await fixtureWrite(db, () =>
      db.cards.update('os-c1', {
        state: CardState.Review,
        queue: Queue.Review,
        lapses: 7,
        reps: 20,
        stability: 3,
        difficulty: 7,
        scheduledDays: 3,
        lastReview: noon - 3 * 86_400_000
      })
    );
    await recordAnswer(db, scheduler, 'os-c1', Rating.Again, noon, 1000);
    expect((await db.cards.get('os-c1'))!.tags).toContain('leech');
    await expectIndexTrue(db);
    expect(await ids(db, { text: 'tag:leech' })).toEqual(['os-c1']);
    await expectIndexAgreesWithScan(db, ['leech', 'leech kernel']);
    await undoLastAnswer(db, 'os');
    await expectIndexTrue(db);
    expect(await ids(db, { text: 'leech' })).toEqual([]);
  });
});

describe('a database from before the word index (schema version 5)', () => {
  it('is indexed in the background in batches; until then search reads every card, and writes meanwhile are kept', async () => {
    const name = `search-upgrade-${process.pid}`;
    const old = new Dexie(name);
    old.version(1).stores({
      decks: 'id, position',
      cards: 'id, deckId, [deckId+queue+due], [deckId+queue+ord], [queue+due], *tags',
      reviewLogs: 'id, [cardId+review], [deckId+review], review',
      settings: 'key'
    });
    old.version(2).stores({ media: 'id, deckId' });
    old.version(3).stores({ reviewLogs: 'id, [cardId+review], [deckId+review], [deckId+state+review], review' });
    old.version(4).stores({ reviewLogs: 'id, [cardId+review], [deckId+review], [deckId+state+review], [deckId+seq], review' });
    old.version(5).stores({ outbox: '++seq' });
    // Rows as the older version wrote them (the seeded database's, copied over).
    const seeded = freshDb();
    await syncBuiltinDeck(seeded, makeDeck('d', 1200), 0, noon);
    await old.table('decks').bulkAdd(await seeded.decks.toArray());
    await old.table('cards').bulkAdd(await seeded.cards.toArray());
    old.close();

    const db = new FlashcardDatabase(name);
    await db.open();
    expect(await db.cardWords.count()).toBe(0);
    expect(await db.wordPostings.count()).toBe(0);
    // Not built yet: the scan answers (and searchIndexReady starts the build, which the test runs itself below).
    const pauses: number[] = [];
    let release!: () => void;
    const firstPause = new Promise<void>((resolve) => (release = resolve));
    const build = buildSearchIndex(db, async () => {
      pauses.push(await db.cardWords.count());
      if (pauses.length === 1) await firstPause;
    });
    expect(await searchIndexReady(db)).toBe(false);
    // Mid-build (one batch of 500 done): an edit of a card the build has not reached, and search still right (by a scan).
    while (pauses.length === 0) await new Promise((r) => setTimeout(r, 5));
    await editCard(db, 'd-c999', { front: 'Late edit', back: 'x', tags: [] });
    await editCard(db, 'd-c0', { front: 'Early edit', back: 'y', tags: [] }); // already indexed: the gateway updates it (1,198 cards keep a q)
    expect(await ids(db, { text: 'late' })).toEqual(['d-c999']);
    expect(await countCards(db, { text: 'q' }, noon, 4)).toBe(1198);
    release();
    await build;
    expect(pauses).toEqual([501, 1001]); // 500 per transaction (+ the progress row); the edited card was left to the build
    expect(await searchIndexReady(db)).toBe(true);
    expect(await db.cardWords.get(INDEX_PROGRESS_KEY)).toEqual({ id: INDEX_PROGRESS_KEY, done: true, nextOrd: 1200 });
    await expectIndexTrue(db);
    expect(await ids(db, { text: 'late' })).toEqual(['d-c999']);
    expect(await ids(db, { text: 'early' })).toEqual(['d-c0']);
    const page = (await searchCards(db, { text: 'q' }, 0, 50, noon, 4))!;
    expect(page.total).toBe(1198);
    db.close();
  }, 60_000);
});

describe('the word index by ordinals (schema version 8)', () => {
  /** 4,500 cards (two segments of ordinals): every card has `common`, odd ones `odd`, even ones `even`. */
  async function large(): Promise<FlashcardDatabase> {
    const db = freshDb();
    const deck = makeDeck('d', 4500);
    deck.cards = deck.cards.map((c, i) => ({ ...c, front: `Q${i} common ${i % 2 ? 'odd' : 'even'}` }));
    await syncBuiltinDeck(db, deck, 0, noon);
    await buildSearchIndex(db);
    return db;
  }
  const page = async (db: FlashcardDatabase, text: string, offset: number, limit: number, scan = false) =>
    (await searchCards(db, { text, scan }, offset, limit, noon, 4))!;

  it('a word in every card, words that never meet, exclusions and pages in id order, over more than one segment', async () => {
    const db = await large();
    expect(new Set((await db.wordPostings.toArray()).map((r) => r.seg))).toEqual(new Set([0, 1]));
    expect(await page(db, 'common', 0, 50)).toMatchObject({ total: 4500, more: true });
    expect(await page(db, 'odd even', 0, 50)).toEqual({ cards: [], total: 0, more: false });
    expect((await page(db, 'common -odd', 0, 50)).total).toBe(2250);
    // The first pages (the few smallest ids picked without sorting all) and a later one, as a scan pages them.
    for (const [text, offset] of [
      ['common', 0],
      ['common', 100],
      ['odd', 2200],
      ['co -even', 50]
    ] as const) {
      const indexed = await page(db, text, offset, 50);
      const scanned = await page(db, text, offset, 50, true);
      expect(
        indexed.cards.map((c) => c.id),
        `${text} from ${offset}`
      ).toEqual(scanned.cards.map((c) => c.id));
      expect(indexed.more).toBe(scanned.more);
    }
    await expectIndexTrue(db);
  }, 60_000);

  it('edits, additions and deletions are found by the next search, ordinals are never given twice', async () => {
    const db = await large();
    const own = await createDeck(db, 'Mine'); // a small deck: addCard reads its deck's cards
    const added = await addCard(db, own.id, { front: 'Zebra common', back: 'x', tags: [] });
    expect(await ids(db, { text: 'zebra' })).toEqual([added.id]);
    expect((await page(db, 'common', 0, 1)).total).toBe(4501);
    await editCard(db, 'd-c7', { front: 'Q7 rare', back: 'A7', tags: [] });
    expect((await page(db, 'common', 0, 1)).total).toBe(4500);
    expect(await ids(db, { text: 'rare' })).toEqual(['d-c7']);
    await deleteCards(db, ['d-c7', added.id]);
    expect(await ids(db, { text: 'rare' })).toEqual([]);
    expect(await ids(db, { text: 'zebra' })).toEqual([]);
    await restoreCards(db, ['d-c7']); // back with a new ordinal: the old one stays empty
    expect(await ids(db, { text: 'rare' })).toEqual(['d-c7']);
    const stored = (await db.cardWords.toArray()).filter((r) => r.id !== INDEX_PROGRESS_KEY) as StoredCardWords[];
    expect(stored.find((r) => r.id === 'd-c7')!.ord).toBe(4501);
    // A large write spread over the collection (every 15th card changed): its stored words are read by range, then by key.
    const v2 = makeDeck('d', 4500, 'v2');
    v2.cards = v2.cards.map((c, i) => ({ ...c, front: `Q${i} common ${i % 2 ? 'odd' : 'even'}${i % 15 ? '' : ' changed'}` }));
    await syncBuiltinDeck(db, v2, 0, noon);
    expect((await page(db, 'changed', 0, 1)).total).toBe(300);
    await expectIndexTrue(db);
    await expectIndexAgreesWithScan(db, ['changed odd', 'rare']);
  }, 240_000);
});

describe('a database with the word index of schema version 7 (card ids as strings)', () => {
  it('is emptied by the upgrade and built again in the background; search reads every card until then', async () => {
    const name = `search-v7-${process.pid}`;
    const v7 = new Dexie(name);
    v7.version(1).stores({
      decks: 'id, position',
      cards: 'id, deckId, [deckId+queue+due], [deckId+queue+ord], [queue+due], *tags',
      reviewLogs: 'id, [cardId+review], [deckId+review], review',
      settings: 'key'
    });
    v7.version(2).stores({ media: 'id, deckId' });
    v7.version(3).stores({ reviewLogs: 'id, [cardId+review], [deckId+review], [deckId+state+review], review' });
    v7.version(4).stores({ reviewLogs: 'id, [cardId+review], [deckId+review], [deckId+state+review], [deckId+seq], review' });
    v7.version(5).stores({ outbox: '++seq' });
    v7.version(6).stores({ cards: 'id, deckId, [deckId+queue+due], [deckId+queue+ord], [queue+due], *tags, noteId' });
    v7.version(7).stores({ cardWords: 'id', wordPostings: '[word+seg]' });
    const seeded = await collection();
    await v7.table('decks').bulkAdd(await seeded.decks.toArray());
    await v7.table('cards').bulkAdd(await seeded.cards.toArray());
    // The index as version 7 kept it: words as arrays, ids as strings in hash segments, complete.
    const rows = (await seeded.cards.toArray()).map(cardWords).filter((r): r is CardWords => r !== null);
    await v7.table('cardWords').bulkAdd([{ id: INDEX_PROGRESS_KEY, done: true }, ...rows.map((r) => ({ ...r, seg: 'h1' }))]);
    const postings = new Map<string, string[]>();
    for (const r of rows) for (const w of r.words) postings.set(w, [...(postings.get(w) ?? []), r.id]);
    await v7.table('wordPostings').bulkAdd([...postings].map(([word, ids]) => ({ word, seg: 'h1', ids })));
    v7.close();

    const db = new FlashcardDatabase(name);
    await db.open();
    expect(await db.cardWords.count()).toBe(0);
    expect(await db.wordPostings.count()).toBe(0);
    expect(await db.wordIds.count()).toBe(0);
    expect(await ids(db, { text: 'kernel' })).toEqual(['net-c3', 'os-c0', 'os-c1']); // by a scan
    await buildSearchIndex(db);
    expect(await searchIndexReady(db)).toBe(true);
    await expectIndexTrue(db);
    await expectIndexAgreesWithScan(db, QUERIES);
    db.close();
  }, 60_000);
});
