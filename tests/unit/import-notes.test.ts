import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { CardState } from '../../src/lib/db/schema';
import { CardIndex } from '../../src/lib/db/stores';
import { parseImportFile } from '../../src/lib/import/parse';
import { writeImport } from '../../src/lib/import/write';
import { LEECH_GUID, leechAndSiblingsPackage, PAIR_GUID } from '../fixtures/import/study-extras';
import { freshDb } from './db-helpers';
import { parseFixture } from './import-helpers';

const noon = Date.UTC(2026, 0, 10, 12);
const parse = (name: string, bytes: Uint8Array) => parseImportFile(name, bytes, {}, { loadSql: () => initSqlJs(), now: noon });
const text = (s: string) => new TextEncoder().encode(s);

describe('imported notes keep the link between their cards (noteId)', () => {
  it("an Anki package: every card of a note shares the note's guid, wherever it is stored", async () => {
    const parsed = await parseFixture('sample.apkg');
    const byKey = Object.fromEntries(parsed.cards.map((c) => [c.key, c.note]));
    expect(byKey['a:Hund+rev02.0']).toBe('a:Hund+rev02');
    expect(byKey['a:Hund+rev02.1']).toBe('a:Hund+rev02');
    expect(byKey['a:cloze/03.0']).toBe('a:cloze/03');
    expect(byKey['a:cloze/03.1']).toBe('a:cloze/03');

    const db = freshDb();
    const { deckId } = await writeImport(db, parsed, { title: 'Sample' }, { now: noon });
    const siblings = await db.cards.where(CardIndex.noteId).equals('a:Hund+rev02').primaryKeys();
    expect(siblings.sort()).toEqual([`${deckId}:a:Hund+rev02.0`, `${deckId}:a:Hund+rev02.1`]);
  });

  it('a text file: a reversed row and a cloze row each make siblings, scoped to their deck; basic rows have none', async () => {
    const file =
      '#separator:tab\n#notetype column:1\nBasic (and reversed card)\tder Hund\tthe dog\nCloze\t{{c1::Paris}} is the capital of {{c2::France}}\t\nBasic\tQ\tA\n';
    const parsed = await parse('notes.txt', text(file));
    expect(parsed.cards.map((c) => [c.key, c.note])).toEqual([
      [expect.stringMatching(/^h:/), parsed.cards[0].key],
      [expect.stringMatching(/^h:.*\.r$/), parsed.cards[0].key],
      [expect.stringMatching(/^h:.*\.c1$/), parsed.cards[2].key.replace(/\.c1$/, '')],
      [expect.stringMatching(/^h:.*\.c2$/), parsed.cards[2].key.replace(/\.c1$/, '')],
      [expect.stringMatching(/^h:/), undefined]
    ]);
    const db = freshDb();
    const { deckId } = await writeImport(db, parsed, { title: 'Notes' }, { now: noon });
    const rows = await db.cards.where('deckId').equals(deckId).sortBy('ord');
    expect(rows.map((r) => r.noteId)).toEqual([
      `${deckId}:${parsed.cards[0].key}`,
      `${deckId}:${parsed.cards[0].key}`,
      `${deckId}:${parsed.cards[2].key.replace(/\.c1$/, '')}`,
      `${deckId}:${parsed.cards[2].key.replace(/\.c1$/, '')}`,
      undefined
    ]);
  });

  it('a file with an id or guid column: the id names the note', async () => {
    const file = '#separator:tab\n#guid column:1\n#notetype column:2\nG1\tBasic (and reversed card)\tder Hund\tthe dog\n';
    const parsed = await parse('guids.txt', text(file));
    expect(parsed.cards.map((c) => [c.key, c.note])).toEqual([
      ['a:G1.0', 'a:G1'],
      ['a:G1.1', 'a:G1']
    ]);
  });

  it('a card stored before noteId learns it when its file is imported again', async () => {
    const parsed = await parseFixture('sample.apkg');
    const db = freshDb();
    const withoutNotes = { ...parsed, cards: parsed.cards.map(({ note: _, ...c }) => c) };
    const { deckId } = await writeImport(db, withoutNotes, { title: 'Sample' }, { now: noon });
    expect(await db.cards.where(CardIndex.noteId).equals('a:Hund+rev02').count()).toBe(0);
    const again = await writeImport(db, parsed, { deckId, title: 'Sample' }, { now: noon });
    expect(again.added).toBe(0);
    expect(await db.cards.where(CardIndex.noteId).equals('a:Hund+rev02').count()).toBe(2);
  });

  it('the study-extras package: a card 7 lapses deep with its history, and a pair of siblings', async () => {
    const parsed = await parse('extras.apkg', await leechAndSiblingsPackage(noon));
    const db = freshDb();
    const { deckId, reviews } = await writeImport(db, parsed, { title: 'Extras' }, { now: noon });
    expect(reviews).toBe(16);
    const leech = (await db.cards.get(`${deckId}:a:${LEECH_GUID}.0`))!;
    expect(leech).toMatchObject({ state: CardState.Review, lapses: 7, noteId: `a:${LEECH_GUID}` });
    expect(leech.due).toBeLessThan(noon);
    expect(await db.cards.where(CardIndex.noteId).equals(`a:${PAIR_GUID}`).count()).toBe(2);
  });
});
