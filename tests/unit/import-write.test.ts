import { editCard } from '../../src/lib/cards/actions';
import { describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import { Queue } from '../../src/lib/db/schema';
import { ID_PATTERN } from '../../src/lib/decks/parse';
import { parseDelimited } from '../../src/lib/import/delimited';
import { diffImport, writeImport } from '../../src/lib/import/write';
import { recordAnswer } from '../../src/lib/srs/answer';
import { createScheduler, pickSchedule } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { nextCard } from '../../src/lib/srs/queue';
import { freshDb, seededDb } from './db-helpers';
import { parseFixture } from './import-helpers';

const noon = Date.UTC(2026, 0, 10, 12);
const scheduler = createScheduler(DEFAULT_SETTINGS);

describe('writing an import', () => {
  it('creates an imported deck with namespaced ids that never look like built-in ids', async () => {
    const db = await seededDb('d', 3);
    const parsed = parseDelimited('front,back\nQ1,A1\nQ2,A2\n', 'my cards.csv');
    const result = await writeImport(db, parsed, { title: 'My cards' }, { now: noon });
    expect(result).toMatchObject({ added: 2, updated: 0, unchanged: 0, retired: 0 });
    const deck = (await db.decks.get(result.deckId))!;
    expect(deck).toMatchObject({ title: 'My cards', source: 'import', hash: parsed.hash });
    expect(deck.position).toBeGreaterThanOrEqual(1000);
    expect(ID_PATTERN.test(deck.id)).toBe(false);
    const cards = await db.cards.where('deckId').equals(deck.id).sortBy('ord');
    expect(cards.map((c) => c.id)).toEqual(parsed.cards.map((c) => `${deck.id}:${c.key}`));
    expect(cards.every((c) => !ID_PATTERN.test(c.id))).toBe(true);
    expect(cards[0]).toMatchObject({
      front: '<!--html-->Q1',
      back: '<!--html-->A1',
      state: 0,
      queue: Queue.New,
      ord: 0,
      reps: 0,
      suspended: false,
      retired: false
    });
    // The built-in deck is untouched.
    expect(await db.cards.where('deckId').equals('d').count()).toBe(3);
  });

  it('re-import updates cards in place, keeps schedules, adds new ones and never duplicates', async () => {
    const db = freshDb();
    const v1 = parseDelimited('front,back\nQ1,A1\nQ2,A2\nQ3,A3\n', 'deck.csv');
    const { deckId } = await writeImport(db, v1, { title: 'Deck' }, { now: noon });
    const first = (await nextCard(db, deckId, noon, DEFAULT_SETTINGS))!;
    await recordAnswer(db, scheduler, first.id, Rating.Good, noon, 1000);
    const studied = pickSchedule((await db.cards.get(first.id))!);
    const logs = await db.reviewLogs.toArray();

    // Same file again: nothing changes.
    expect(await diffImport(db, v1, deckId)).toEqual({ added: 0, updated: 0, unchanged: 3, keptEdits: 0, missing: 0 });
    expect(await writeImport(db, v1, { deckId, title: 'Deck' }, { now: noon + 1 })).toMatchObject({ added: 0, updated: 0, unchanged: 3 });

    // Q1's back edited, Q3 removed, Q4 added (the key is the hash of the front).
    const v2 = parseDelimited('front,back\nQ1,A1 (fixed)\nQ2,A2\nQ4,A4\n', 'deck.csv');
    expect(await diffImport(db, v2, deckId)).toEqual({ added: 1, updated: 1, unchanged: 1, keptEdits: 0, missing: 1 });
    const later = noon + 86_400_000;
    expect(await writeImport(db, v2, { deckId, title: 'Deck', retireMissing: true }, { now: later })).toMatchObject({
      added: 1,
      updated: 1,
      unchanged: 1,
      retired: 1
    });
    const cards = await db.cards.where('deckId').equals(deckId).toArray();
    expect(cards).toHaveLength(4);
    const q1 = cards.find((c) => c.id === first.id)!;
    expect(q1).toMatchObject({ back: '<!--html-->A1 (fixed)', updatedAt: later, createdAt: noon });
    expect(pickSchedule(q1)).toEqual(studied);
    expect(cards.find((c) => c.front === '<!--html-->Q3')).toMatchObject({ retired: true, queue: Queue.Retired });
    expect(cards.find((c) => c.front === '<!--html-->Q4')).toMatchObject({ state: 0, queue: Queue.New, ord: 2 });
    expect(await db.reviewLogs.toArray()).toEqual(logs);
  });

  it('re-importing the file keeps the text of a card the user edited, and the preview says so', async () => {
    const db = freshDb();
    const v1 = parseDelimited('front,back\nQ1,A1\nQ2,A2\n', 'deck.csv');
    const { deckId } = await writeImport(db, v1, { title: 'Deck' }, { now: noon });
    const [q1] = await db.cards.where('deckId').equals(deckId).sortBy('ord');
    await editCard(db, q1.id, { front: 'Q1', back: 'my better answer', tags: [] }, noon + 1);
    const v2 = parseDelimited('front,back\nQ1,A1 (fixed upstream)\nQ2,A2\n', 'deck.csv');
    expect(await diffImport(db, v2, deckId)).toEqual({ added: 0, updated: 0, unchanged: 2, keptEdits: 1, missing: 0 });
    expect(await writeImport(db, v2, { deckId, title: 'Deck' }, { now: noon + 2 })).toMatchObject({ updated: 0, keptEdits: 1 });
    expect((await db.cards.get(q1.id))!.back).toBe('my better answer');
  });

  it('stores images per deck, rewrites their references, and keeps imported Anki schedules', async () => {
    const db = freshDb();
    const parsed = await parseFixture('sample.apkg');
    const { deckId, media } = await writeImport(db, parsed, { title: 'Sample' }, { now: noon });
    expect(media).toBe(3);
    const row = (await db.media.get(`${deckId}:${parsed.media[0].hash}`))!;
    expect(row).toMatchObject({ deckId, name: 'tcp-diagram.png', mime: 'image/png', size: parsed.media[0].data.length });
    expect(row.data.size).toBe(row.size);
    expect(row.data.type).toBe('image/png');
    const tcp = (await db.cards.get(`${deckId}:a:Gx7#tcp01.0`))!;
    expect(tcp.back).toContain(`data-media="${row.id}"`);
    expect(tcp).toMatchObject({ state: 2, reps: 2, queue: Queue.Review });
    // Re-importing the edited package keeps that schedule and adds the new note.
    const v2 = await parseFixture('sample-v2.apkg');
    expect(await writeImport(db, v2, { deckId, title: 'Sample' }, { now: noon + 1 })).toMatchObject({ added: 1, updated: 1, unchanged: 7 });
    const after = (await db.cards.get(tcp.id))!;
    expect(after.back).toContain('(edited)');
    expect(pickSchedule(after)).toEqual(pickSchedule(tcp));
    expect(await db.media.count()).toBe(3);
  });

  it('writes all or nothing: a failure part-way leaves the database as it was', async () => {
    const db = await seededDb('d', 2);
    const parsed = await parseFixture('sample.apkg');
    const before = { decks: await db.decks.count(), cards: await db.cards.count() };
    // The images are written after every card: storing the first one fails.
    const store = IDBObjectStore.prototype;
    const original = store.put;
    store.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'media') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    };
    try {
      await expect(writeImport(db, parsed, { title: 'Sample' }, { now: noon })).rejects.toThrow('quota');
    } finally {
      store.put = original;
    }
    expect({ decks: await db.decks.count(), cards: await db.cards.count() }).toEqual(before);
    expect(await db.media.count()).toBe(0);
    // Built-in decks cannot be import targets.
    await expect(writeImport(db, parsed, { deckId: 'd', title: 'x' }, { now: noon })).rejects.toThrow(/is a built-in deck/);
  });

  it('parses and writes a 50,000-card CSV', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `"Question ${i}, with a comma","Answer ${i}\nsecond line",tag${i % 10}`);
    const csv = `front,back,tags\n${rows.join('\n')}\n`;
    const db = freshDb();
    const t0 = performance.now();
    const parsed = parseDelimited(csv, 'big.csv');
    const t1 = performance.now();
    const result = await writeImport(db, parsed, { title: 'Big' }, { now: noon });
    const t2 = performance.now();
    expect(parsed.cards).toHaveLength(50_000);
    expect(result.added).toBe(50_000);
    expect(await db.cards.count()).toBe(50_000);
    console.log(`50k CSV (${(csv.length / 1e6).toFixed(1)} MB): parse ${Math.round(t1 - t0)} ms, write ${Math.round(t2 - t1)} ms (node + fake-indexeddb)`);
  }, 120_000);
});
