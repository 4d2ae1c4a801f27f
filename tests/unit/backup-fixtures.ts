import { expect } from 'vitest';
import { Rating } from 'ts-fsrs';
import type { FlashcardDatabase } from '../../src/lib/db/database';
import type { MediaRow } from '../../src/lib/db/schema';
import { syncBuiltinDeck } from '../../src/lib/decks/sync';
import { recordAnswer } from '../../src/lib/srs/answer';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { saveSettings } from '../../src/lib/srs/settings-store';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { freshDb, makeDeck, withHtml, fixtureWrite } from './db-helpers';
import { cardRow } from './card-rows';

export const NOON = Date.UTC(2026, 0, 10, 12);
export const scheduler = createScheduler(DEFAULT_SETTINGS);

export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 128, 7]);

/**
 * A database with a row in every table and every kind of field: two built-in decks (one with a
 * parent, one whose cards carry build-time HTML), an imported deck, cards with optional fields, real answers (so review logs carry
 * real `before` schedules), settings and media blobs.
 */
export async function filledDb(now = NOON): Promise<FlashcardDatabase> {
  const db = freshDb();
  await syncBuiltinDeck(db, withHtml(makeDeck('alpha', 12)), 0, now);
  await syncBuiltinDeck(db, { ...makeDeck('beta', 5), parent: 'alpha', description: 'Child deck' }, 1, now);
  await fixtureWrite(db, () =>
    db.decks.add({ id: 'mine', title: 'My "own" deck, with commas', description: '', source: 'import', hash: 'x1', position: 2, hidden: true })
  );
  await fixtureWrite(db, () =>
    db.cards.add(
      cardRow('mine-1', {
        deckId: 'mine',
        front: 'Q with ünïcode ✓ and "quotes"\n\n```js\nconst a = "---";\n```',
        back: 'A\n---\nB',
        more: 'More text',
        tags: ['x', 'y-z'],
        createdAt: now,
        updatedAt: now + 5,
        due: now,
        queue: -1,
        suspended: true,
        flag: 2,
        edited: true
      })
    )
  );
  for (let i = 0; i < 6; i++) await recordAnswer(db, scheduler, `alpha-c${i}`, i % 2 ? Rating.Good : Rating.Again, now + i * 60_000, 1500 + i);
  await recordAnswer(db, scheduler, 'beta-c0', Rating.Easy, now + 10 * 60_000, 900);
  await recordAnswer(db, scheduler, 'alpha-c0', Rating.Good, now + 20 * 60_000, 700);
  await saveSettings(db, { newPerDay: 7, learningSteps: ['2m', '15m'] });
  await fixtureWrite(db, () => db.settings.put({ key: 'ui', value: { theme: 'dark', nested: { list: [1, null, 'x'] } } }));
  await fixtureWrite(db, () =>
    db.media.bulkAdd([
      { id: 'm-png', deckId: 'mine', name: 'diagram.png', mime: 'image/png', data: new Blob([PNG], { type: 'image/png' }), size: PNG.length },
      { id: 'm-empty', deckId: 'mine', name: 'empty.svg', mime: 'image/svg+xml', data: new Blob([], { type: '' }), size: 0 }
    ])
  );
  return db;
}

export async function mediaSnapshot(db: FlashcardDatabase) {
  const rows = await db.media.toArray();
  return Promise.all(rows.map(async (m: MediaRow) => ({ ...m, data: { type: m.data.type, bytes: [...new Uint8Array(await m.data.arrayBuffer())] } })));
}

export async function snapshot(db: FlashcardDatabase) {
  return {
    decks: await db.decks.toArray(),
    cards: await db.cards.toArray(),
    reviewLogs: await db.reviewLogs.toArray(),
    settings: await db.settings.toArray(),
    media: await mediaSnapshot(db)
  };
}

/**
 * Every table of a restored database equal to the one backed up, row by row and in key order
 * (media compared by bytes and type), except what a restore changes on purpose: cards come
 * without their built-in HTML, review logs without their local seq (never undone) and built-in
 * decks with an empty hash (merged again on start-up).
 */
export async function expectSameData(actual: FlashcardDatabase, expected: FlashcardDatabase) {
  const [a, e] = [await snapshot(actual), await snapshot(expected)];
  e.cards = e.cards.map(({ rendered: _rendered, ...card }) => card);
  e.reviewLogs = e.reviewLogs.map(({ seq: _seq, ...log }) => log);
  e.decks = e.decks.map((d) => (d.source === 'builtin' ? { ...d, hash: '' } : d));
  for (const table of Object.keys(e) as (keyof typeof e)[]) {
    expect(a[table].length, `${table} row count`).toBe(e[table].length);
    a[table].forEach((row, i) => expect(row, `${table} row ${i}`).toEqual(e[table][i]));
  }
}
