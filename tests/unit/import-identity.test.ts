import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import type { FlashcardDatabase } from '../../src/lib/db/database';
import type { DeckRow } from '../../src/lib/db/schema';
import { deckToAnkiCsv } from '../../src/lib/export/anki-csv';
import { loadDeckExport } from '../../src/lib/export/deck-cards';
import { deckToMarkdown } from '../../src/lib/export/markdown-deck';
import { parseImportFile } from '../../src/lib/import/parse';
import type { ParsedImport } from '../../src/lib/import/types';
import { findTargetDeck, namedDeckTargets, writeImport } from '../../src/lib/import/write';
import { loadHistory } from '../../src/lib/optimizer/load';
import { summarize } from '../../src/lib/optimizer/history';
import { seededDb, freshDb } from './db-helpers';
import { parseFixture } from './import-helpers';

const noon = Date.UTC(2026, 0, 10, 12);
// The export's HTML is checked elsewhere; here only identity matters.
const sanitize = (html: string) => html;

function parseText(name: string, text: string): Promise<ParsedImport> {
  return parseImportFile(name, new TextEncoder().encode(text), {}, { loadSql: () => initSqlJs(), now: noon });
}

/** Imports as the import page does by default: into the deck the file is found to belong to, else a new deck. */
async function importLikeThePage(db: FlashcardDatabase, parsed: ParsedImport, now = noon) {
  const target = await findTargetDeck(db, parsed);
  return writeImport(db, parsed, target ? { deckId: target.id, title: target.title } : { title: parsed.suggestedTitle }, { now });
}

const liveCards = async (db: FlashcardDatabase, deckId: string) => (await db.cards.where('deckId').equals(deckId).toArray()).filter((c) => !c.retired);

describe('an Anki package review history', () => {
  it('becomes review-log rows once, with rating, time, duration and the schedule before each answer', async () => {
    const db = freshDb();
    const parsed = await parseFixture('sample.apkg');
    const answers = parsed.cards.flatMap((c) => c.answers ?? []).filter((_, i) => i % 3 === 0);
    expect(answers.length).toBeGreaterThan(0);
    const first = await writeImport(db, parsed, { title: 'Sample' }, { now: noon });
    expect(first.reviews).toBe(answers.length);
    const logs = await db.reviewLogs.where('deckId').equals(first.deckId).sortBy('review');
    expect(logs).toHaveLength(answers.length);
    const tcp = `${first.deckId}:a:Gx7#tcp01.0`;
    const tcpLogs = logs.filter((l) => l.cardId === tcp);
    expect(tcpLogs.map((l) => l.rating)).toEqual([3, 3]);
    expect(tcpLogs[0]).toMatchObject({ id: `${first.deckId}:rev:${tcpLogs[0].review}`, state: 0, before: { state: 0, reps: 0 } });
    expect(tcpLogs[0].duration).toBeGreaterThan(0);
    // The second answer starts from the schedule the first one left: the card's stored schedule follows the last.
    expect(tcpLogs[1].before.reps).toBe(1);
    expect(tcpLogs[1].before.lastReview).toBe(tcpLogs[0].review);
    const card = (await db.cards.get(tcp))!;
    expect(card.lastReview).toBe(tcpLogs[1].review);

    // Importing the same package twice more adds no row.
    for (const n of [1, 2]) {
      const again = await importLikeThePage(db, await parseFixture('sample.apkg'), noon + n);
      expect(again).toMatchObject({ deckId: first.deckId, added: 0, reviews: 0 });
    }
    expect(await db.reviewLogs.count()).toBe(answers.length);
    // The optimizer reads them as history.
    expect(summarize(await loadHistory(db)).answers).toBe(answers.length);
  });

  it('a history longer than one write slice arrives whole, once', async () => {
    const db = freshDb();
    const day = 86_400_000;
    // 3 cards x 2,500 answers, one a day: 7,500 rows, written in slices of 5,000.
    const answers = (offset: number) => Array.from({ length: 2500 }, (_, i) => [Date.UTC(2010, 0, 1) + offset + i * day, (i % 4) + 1, 4000]).flat();
    const parsed: ParsedImport = {
      fileName: 'long.apkg',
      format: 'apkg',
      suggestedTitle: 'Long',
      description: '',
      problems: [],
      media: [],
      hash: 'h',
      cards: [0, 1, 2].map((n) => ({ key: `a:long${n}.0`, front: `Q${n}`, back: `A${n}`, tags: [], where: `note ${n}`, answers: answers(n * 1000) }))
    };
    const first = await writeImport(db, parsed, { title: 'Long' }, { now: noon });
    expect(first.reviews).toBe(7500);
    expect(await db.reviewLogs.count()).toBe(7500);
    const rows = await db.reviewLogs.where('cardId').equals(`${first.deckId}:a:long1.0`).toArray();
    expect(new Set(rows.map((r) => r.id)).size).toBe(2500);
    expect(await writeImport(db, parsed, { deckId: first.deckId, title: 'Long' }, { now: noon + 1 })).toMatchObject({ reviews: 0, added: 0 });
    expect(await db.reviewLogs.count()).toBe(7500);
  });
});

describe("Anki's #deck column", () => {
  const text = (extra = '') =>
    [
      '#separator:tab',
      '#html:true',
      '#guid column:1',
      '#deck column:2',
      'g1\tBiology::Cells\tCell?\tUnit of life',
      'g2\tBiology::Cells\tNucleus?\tHolds DNA',
      'g3\tBiology::Genes\tGene?\tA DNA stretch',
      'g4\tChemistry\tAtom?\tSmallest unit',
      extra
    ].join('\n');

  it('puts each card in its own deck, parents made, and finds the same decks again by identity, never by title', async () => {
    const db = freshDb();
    // An unrelated imported deck that happens to be called "Chemistry".
    const other = await writeImport(db, await parseText('other.csv', 'front,back\nQ,A\n'), { title: 'Chemistry' }, { now: noon });
    const parsed = await parseText('notes.txt', text());
    const targets = await namedDeckTargets(db, parsed);
    expect(targets.map((t) => [t.name, t.cards, t.deckId])).toEqual([
      ['Biology', 0, undefined],
      ['Biology::Cells', 2, undefined],
      ['Biology::Genes', 1, undefined],
      ['Chemistry', 1, undefined]
    ]);
    const result = await writeImport(db, parsed, { title: '', decks: targets }, { now: noon });
    expect(result).toMatchObject({ added: 4, decks: 4 });
    const decks = (await db.decks.toArray()).filter((d) => d.id !== other.deckId);
    const byTitle = (title: string) => decks.find((d) => d.title === title)!;
    expect(byTitle('Cells').parent).toBe(byTitle('Biology').id);
    expect(byTitle('Genes').parent).toBe(byTitle('Biology').id);
    expect(await liveCards(db, byTitle('Cells').id)).toHaveLength(2);
    expect(await liveCards(db, byTitle('Chemistry').id)).toHaveLength(1);
    expect(await liveCards(db, other.deckId)).toHaveLength(1);

    // Again, with one more card: the same decks are updated in place.
    const v2 = await parseText('notes.txt', text('g5\tChemistry\tIon?\tCharged atom'));
    const again = await namedDeckTargets(db, v2);
    expect(again.map((t) => t.deckId)).toEqual(['Biology', 'Cells', 'Genes', 'Chemistry'].map((t) => byTitle(t).id));
    expect(again[3].diff).toMatchObject({ added: 1, unchanged: 1 });
    expect(await writeImport(db, v2, { title: '', decks: again }, { now: noon + 1 })).toMatchObject({ added: 1, unchanged: 4, decks: 0 });
    expect(await db.decks.count()).toBe(5);
    expect(await liveCards(db, other.deckId)).toHaveLength(1);
  });
});

describe('re-importing an export', () => {
  async function exported(db: FlashcardDatabase, deckId: string, as: 'csv' | 'md'): Promise<ParsedImport> {
    const { deck, parent, cards } = await loadDeckExport(db, deckId);
    return as === 'csv'
      ? parseText(`${deck.title}.txt`, deckToAnkiCsv(deck, cards, { parent, sanitize }))
      : parseText(`${deck.title}.md`, deckToMarkdown(deck, cards).text);
  }

  for (const as of ['csv', 'md'] as const) {
    it(`${as}: a built-in deck's export updates the deck made from it, not a same-titled one, and never duplicates`, async () => {
      const db = await seededDb('net', 4);
      // An unrelated imported deck with the built-in deck's title.
      const unrelated = await writeImport(db, await parseText('x.csv', 'front,back\nQ,A\n'), { title: 'Deck net' }, { now: noon });
      const file = await exported(db, 'net', as);
      expect(await findTargetDeck(db, file)).toBeUndefined();
      const first = await importLikeThePage(db, file);
      expect(first).toMatchObject({ added: 4 });
      expect(first.deckId).not.toBe(unrelated.deckId);
      for (const n of [1, 2]) {
        expect(await importLikeThePage(db, await exported(db, 'net', as), noon + n)).toMatchObject({ deckId: first.deckId, added: 0, unchanged: 4 });
        // The imported deck's own export, too.
        expect(await importLikeThePage(db, await exported(db, first.deckId, as), noon + n)).toMatchObject({ deckId: first.deckId, added: 0, unchanged: 4 });
      }
      expect(await liveCards(db, first.deckId)).toHaveLength(4);
      expect(await liveCards(db, unrelated.deckId)).toHaveLength(1);
      expect(((await db.decks.toArray()) as DeckRow[]).filter((d) => d.source === 'import')).toHaveLength(2);
    });
  }

  it('an Anki package export of the cards matched to the deck they came from, across formats', async () => {
    const db = freshDb();
    const first = await writeImport(db, await parseFixture('sample.apkg'), { title: 'Sample' }, { now: noon });
    const before = (await liveCards(db, first.deckId)).length;
    for (const as of ['csv', 'md'] as const) {
      expect(await importLikeThePage(db, await exported(db, first.deckId, as), noon + 1)).toMatchObject({ deckId: first.deckId, added: 0 });
    }
    expect(await liveCards(db, first.deckId)).toHaveLength(before);
  });
});
