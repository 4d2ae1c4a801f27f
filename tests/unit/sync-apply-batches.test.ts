import { afterEach, describe, expect, it } from 'vitest';
import memoryAdapter from 'pouchdb-adapter-memory';
import { Rating, type Grade } from 'ts-fsrs';
import { addCard } from '../../src/lib/cards/actions';
import { setChangeFeed } from '../../src/lib/db/change-feed';
import type { FlashcardDatabase } from '../../src/lib/db/database';
import { createDeck, updateDeck } from '../../src/lib/decks/manage';
import { recordAnswer } from '../../src/lib/srs/answer';
import { createScheduler, pickSchedule } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { loadPouchDB } from '../../src/lib/sync/pouch';
import { applyPulled, type ApplyOptions } from '../../src/lib/sync/engine/apply';
import { replayLog } from '../../src/lib/sync/engine/replay';
import { syncDatabases } from '../../src/lib/sync/engine/run';
import { Wire, type LocalDatabase } from '../../src/lib/sync/engine/wire';
import { seededDb } from './db-helpers';

/**
 * The apply step in batches (apply.ts) and the replay of every card after a large pull
 * (replay-all.ts), with batches and pages of a few documents: one card's answers spread over
 * many batches, and crashes between batches and between pages.
 */
const NOON = Date.UTC(2026, 0, 10, 12);
const scheduler = createScheduler(DEFAULT_SETTINGS);
const wire = new Wire(null);
let counter = 0;

afterEach(() => setChangeFeed(false));

type PouchCtor = { plugin(p: unknown): void; replicate(from: unknown, to: unknown): Promise<unknown>; new (name: string, o: object): unknown };

async function pouchDB(): Promise<PouchCtor> {
  const PouchDB = (await loadPouchDB()) as unknown as PouchCtor;
  PouchDB.plugin(memoryAdapter);
  return PouchDB;
}

async function pouch(name: string): Promise<LocalDatabase> {
  const PouchDB = await pouchDB();
  return new PouchDB(`${name}-${process.pid}-${++counter}`, { adapter: 'memory' }) as LocalDatabase;
}

const GRADES: Grade[] = [Rating.Good, Rating.Again, Rating.Hard, Rating.Good, Rating.Easy];

/**
 * A phone that studied 4 cards 12 times each, interleaved (so each card's answers are spread over
 * the whole change order), and made a deck with cards, then renamed it (the deck's change comes
 * after its cards): uploaded to a server. Returns the server and the phone.
 */
async function studiedPhone() {
  const server = await pouch('server');
  const phone = { db: await seededDb('d', 6, NOON), local: await pouch('phone') };
  const deck = await createDeck(phone.db, 'Own');
  const own = [];
  for (let i = 0; i < 3; i++) own.push((await addCard(phone.db, deck.id, { front: `Q${i}`, back: `A${i}`, tags: [] }, NOON + i)).id);
  let t = NOON + 10_000;
  for (let round = 0; round < 12; round++)
    for (const [k, card] of ['d-c0', 'd-c1', 'd-c2', own[0]].entries())
      await recordAnswer(phone.db, scheduler, card, GRADES[(round + k) % 5], (t += 60_000), 1000);
  await updateDeck(phone.db, deck.id, { title: 'Own, renamed' });
  await syncDatabases(phone.db, phone.local, server, wire);
  return { server, phone, deckId: deck.id, own };
}

/** A second device: the app's database, and the server's documents replicated into its local copy (not applied yet). */
async function laptopWithPull(server: LocalDatabase) {
  const laptop = { db: await seededDb('d', 6, NOON), local: await pouch('laptop') };
  await (await pouchDB()).replicate(server, laptop.local);
  return laptop;
}

const logsOf = (db: FlashcardDatabase, cardId: string) => db.reviewLogs.where('[cardId+review]').between([cardId, 0], [cardId, Infinity]).toArray();

/** Every review once, every schedule the phone's and a replay of the merged log, the renamed deck with all its cards. */
async function expectSameAsPhone(laptop: FlashcardDatabase, phone: FlashcardDatabase, deckId: string) {
  expect((await laptop.reviewLogs.toCollection().primaryKeys()).sort()).toEqual((await phone.reviewLogs.toCollection().primaryKeys()).sort());
  for (const card of await phone.cards.toArray()) {
    const here = await laptop.cards.get(card.id);
    expect(here, card.id).toBeDefined();
    const logs = await logsOf(laptop, card.id);
    expect(pickSchedule(here!), card.id).toEqual(pickSchedule(card));
    if (logs.length) expect(pickSchedule(here!), card.id).toEqual(replayLog(scheduler, logs));
  }
  expect((await laptop.decks.get(deckId))!.title).toBe('Own, renamed');
  expect(await laptop.cards.where('deckId').equals(deckId).count()).toBe(3);
}

/** The local copy, with `put` of the document `id` failing (the tab dies) once `when` says so. */
function dyingAt(local: LocalDatabase, id: string, when: (doc: Record<string, unknown>, count: number) => boolean): LocalDatabase {
  let count = 0;
  return new Proxy(local, {
    get: (target, key) =>
      key === 'put'
        ? (doc: Record<string, unknown>) => {
            if (doc._id === id && when(doc, ++count)) return Promise.reject(new Error('tab closed'));
            return target.put(doc);
          }
        : Reflect.get(target, key).bind(target)
  });
}

const perBatch: ApplyOptions = { batch: 5, replayAllFrom: Infinity };
const replayAll: ApplyOptions = { batch: 5, replayAllFrom: 1, replayPage: 2 };

describe('applying a pull in batches', () => {
  for (const [name, options] of [
    ['replaying per batch', perBatch],
    ['replaying every card after a large pull', replayAll]
  ] as const) {
    it(`${name}: a card's answers spread over many batches replay to the phone's schedule`, async () => {
      const { server, phone, deckId } = await studiedPhone();
      const laptop = await laptopWithPull(server);
      const progress: [number, number | null][] = [];
      const applied = await applyPulled(laptop.db, laptop.local, wire, (done, total) => progress.push([done, total]), options);
      expect(applied).toBeGreaterThan(48);
      await expectSameAsPhone(laptop.db, phone.db, deckId);
      // The bar ends full and never goes back.
      const [done, total] = progress[progress.length - 1];
      expect(done).toBe(total);
      for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThanOrEqual(progress[i - 1][0]);
      // Nothing left to do: applying again changes nothing.
      expect(await applyPulled(laptop.db, laptop.local, wire, undefined, options)).toBe(0);
      await expectSameAsPhone(laptop.db, phone.db, deckId);
    }, 30_000);

    it(`${name}: a crash between batches (written, position not saved) is finished by the next run, every review once`, async () => {
      const { server, phone, deckId } = await studiedPhone();
      const laptop = await laptopWithPull(server);
      // The last batch commits into the app's database; the tab dies before its position is saved
      // (what is left is then a small pull, but the cards of the earlier batches still need their replay).
      const end = (await laptop.local.info()).update_seq;
      const dying = dyingAt(laptop.local, '_local/applied', (doc) => doc.seq === end);
      await expect(applyPulled(laptop.db, dying, wire, undefined, options)).rejects.toThrow('tab closed');
      await applyPulled(laptop.db, laptop.local, wire, undefined, options);
      await expectSameAsPhone(laptop.db, phone.db, deckId);
    }, 30_000);
  }

  it('a replay of every card cut off after a page resumes at the next page', async () => {
    const { server, phone, deckId } = await studiedPhone();
    const laptop = await laptopWithPull(server);
    const dying = dyingAt(laptop.local, '_local/replay-all', (doc) => doc.after !== '');
    await expect(applyPulled(laptop.db, dying, wire, undefined, replayAll)).rejects.toThrow('tab closed');
    // Every document is in, the replay is not done: the next run finishes the replay alone.
    expect(await laptop.db.reviewLogs.count()).toBe(await phone.db.reviewLogs.count());
    expect((await laptop.local.get('_local/replay-all')) as unknown).toMatchObject({ after: expect.any(String) });
    expect(await applyPulled(laptop.db, laptop.local, wire, undefined, replayAll)).toBe(0);
    await expectSameAsPhone(laptop.db, phone.db, deckId);
    await expect(laptop.local.get('_local/replay-all')).rejects.toMatchObject({ status: 404 });
  }, 30_000);

  it('changes pulled after a replay was cut off start it over: cards it had done get their new answers replayed', async () => {
    const { server, phone, deckId } = await studiedPhone();
    const laptop = await laptopWithPull(server);
    // Cut off after two pages: d-c0 and d-c1 (the first ids) are replayed.
    const dying = dyingAt(laptop.local, '_local/replay-all', (doc) => doc.after !== '' && String(doc.after) > 'd-c1');
    await expect(applyPulled(laptop.db, dying, wire, undefined, replayAll)).rejects.toThrow('tab closed');
    // Meanwhile the phone answers d-c0 again; the laptop pulls that (a small pull: per batch it would not replay everything).
    await recordAnswer(phone.db, scheduler, 'd-c0', Rating.Again, NOON + 86_400_000, 1000);
    await syncDatabases(phone.db, phone.local, server, wire);
    await (await pouchDB()).replicate(server, laptop.local);
    await applyPulled(laptop.db, laptop.local, wire, undefined, { ...replayAll, replayAllFrom: 1000 });
    await expectSameAsPhone(laptop.db, phone.db, deckId);
  }, 30_000);
});
