import { describe, expect, it } from 'vitest';
import { parseDelimited } from '../../src/lib/import/delimited';
import { readAnkiTextHeader } from '../../src/lib/import/anki-text-header';
import { body, importErrorOf, parseFixture } from './import-helpers';

describe('CSV and TSV', () => {
  it('reads UTF-8 with BOM, CRLF, a header row and quoted fields with commas, quotes and newlines', async () => {
    const parsed = await parseFixture('basic.csv');
    expect(parsed.format).toBe('csv');
    expect(parsed.problems).toEqual([]);
    expect(parsed.delimited).toMatchObject({ delimiter: ',', hasHeader: true, headerRecognised: true, mapping: { front: 0, back: 1, tags: 2 } });
    // One field holds <b>, so the fields are read as HTML; line breaks in cells are kept.
    expect(parsed.delimited!.fieldFormat).toBe('html');
    expect(parsed.cards.map((c) => [body(c.front), body(c.back)])).toEqual([
      ['What is the capital of France?', 'Paris'],
      ['Name three TCP flags, comma-separated', 'SYN, ACK, FIN'],
      ['Quote "this"', 'He said "hi"'],
      ['Multi-line<br>front', 'Line one<br>Line two'],
      ['What does <b>bold</b> look like?', 'Like <b>this</b>']
    ]);
    expect(parsed.cards[0].tags).toEqual(['geography', 'europe']);
    expect(parsed.suggestedTitle).toBe('basic');
  });

  it('lists the problems in file order, quoting errors among the others', () => {
    const parsed = parseDelimited('front,back\nq1,a1\nq2 without a back\nq3,a3\n"q4 unclosed,a4\nq5,a5\n', 'mixed.csv');
    expect(parsed.problems.map((p) => [p.line, p.message])).toEqual([
      [3, 'has 1 field, expected at least 2 (front and back): is the delimiter right?'],
      [5, 'a quoted field is never closed (a " is missing)']
    ]);
  });

  it('warns once per column that holds text but is not imported, and not for empty or mapped ones', () => {
    const parsed = parseDelimited('front,back,comment,empty,source\nq1,a1,,,book\nq2,a2,see RFC 793,,book\nq3,a3,mind the MSS,,\n', 'extra.csv');
    expect(parsed.cards).toHaveLength(3);
    expect(parsed.problems.map((p) => [p.line, p.severity, p.message])).toEqual([
      [
        2,
        'warning',
        '"source" (column 5) (text on 2 lines, the first here) is not imported: choose it as the front, back, tags or extra under "Columns and text format" to keep it'
      ],
      [
        3,
        'warning',
        '"comment" (column 3) (text on 2 lines, the first here) is not imported: choose it as the front, back, tags or extra under "Columns and text format" to keep it'
      ]
    ]);
    const kept = parseDelimited('front,back,comment,empty,source\nq1,a1,x,,y\n', 'extra.csv', { mapping: { front: 0, back: 1, tags: 4, id: -1, more: 2 } });
    expect(kept.problems).toEqual([]);
  });

  it('detects semicolons and tabs, and escapes plain text', async () => {
    const semi = await parseFixture('semicolon.csv');
    expect(semi.delimited!.delimiter).toBe(';');
    expect(semi.delimited!.hasHeader).toBe(false);
    expect(semi.cards.map((c) => body(c.back))).toEqual(['dog', 'cat', 'bird', 'mouse; small']);
    const tsv = await parseFixture('cards.tsv');
    expect(tsv.delimited!.delimiter).toBe('\t');
    expect(tsv.cards.map((c) => [body(c.front), body(c.back)])).toEqual([
      ['ls -la', 'list all files, long format'],
      ['cd -', 'go to the previous directory']
    ]);
    const lt = parseDelimited('1 < 2,x & y\n', 'lt.csv');
    expect(lt.cards[0].front).toBe('<!--html-->1 &lt; 2');
    expect(lt.cards[0].back).toBe('<!--html-->x &amp; y');
  });

  it('reads a Quizlet export: tab between term and definition, stray quotes are text', async () => {
    const parsed = await parseFixture('quizlet.txt');
    expect(parsed.problems).toEqual([]);
    expect(parsed.cards.map((c) => body(c.front))).toEqual(['mitochondria', 'osmosis', '&quot;ribosome', 'nucleus']);
    expect(body(parsed.cards[1].back)).toBe('diffusion of water through a &quot;semi-permeable&quot; membrane');
  });

  it('reads Anki "Notes in plain text" with its header lines: guid, note type, deck and tags columns', async () => {
    const parsed = await parseFixture('anki-notes.txt');
    expect(parsed.format).toBe('anki-text');
    expect(parsed.suggestedTitle).toBe('Cells');
    expect(parsed.problems).toEqual([]);
    expect(parsed.cards.map((c) => c.key)).toEqual(['a:Abc123.0', 'a:Def456.0', 'a:Def456.1', 'a:Ghi789.0', 'a:Ghi789.1', 'a:Jkl012.0']);
    expect(body(parsed.cards[0].front)).toBe('What is a <b>cell</b>?');
    expect(parsed.cards[0].tags).toEqual(['biology', 'cells']);
    // Basic (and reversed card): the second card swaps the sides.
    expect([body(parsed.cards[2].front), body(parsed.cards[2].back)]).toEqual(['Holds the DNA', 'Nucleus']);
    // Cloze: one card per deletion, hidden on the front, revealed on the back, extra below.
    expect(body(parsed.cards[3].front)).toBe('<mark>[…]</mark> make ATP');
    expect(body(parsed.cards[3].back)).toBe('<mark>Mitochondria</mark> make ATP<br>Energy currency');
    expect(body(parsed.cards[4].front)).toBe('Mitochondria make <mark>[…]</mark>');
    // A quoted field with a tab, doubled quotes and a newline.
    expect(body(parsed.cards[5].front)).toBe('Tab\tinside, "quotes" and a<br>new line');
  });

  it('parses every Anki header key', () => {
    const h = readAnkiTextHeader(
      '#separator:Semicolon\n#html:false\n#tags:one two\n#notetype:Basic\n#deck:Spanish\n#columns:Front;Back\n#guid column:3\nx;y\n'
    );
    expect(h).toMatchObject({
      separator: ';',
      html: false,
      tags: ['one', 'two'],
      notetype: 'Basic',
      deck: 'Spanish',
      columns: ['Front', 'Back'],
      guidColumn: 2,
      lines: 7,
      found: true
    });
    expect(readAnkiTextHeader('#hashtag,not a header\n')).toMatchObject({ found: false, lines: 0 });
  });

  it('opens the column picker when the header is not obvious, and follows a chosen mapping', async () => {
    const auto = await parseFixture('columns.csv');
    // No column is called front/back/question/...: the first row looks like a card, and the UI opens the picker.
    expect(auto.delimited).toMatchObject({ hasHeader: false, headerRecognised: false, columnCount: 4, mapping: { front: 0, back: 1 } });
    expect(auto.cards).toHaveLength(4);
    const chosen = await parseFixture('columns.csv', { hasHeader: true, mapping: { front: 0, back: 2, tags: 1, id: -1, more: 3 } });
    expect(chosen.delimited!.columnNames).toEqual(['Spanish', 'Type', 'English', 'Example sentence']);
    expect(chosen.cards).toHaveLength(3);
    expect(chosen.cards[0]).toMatchObject({ front: '<!--html-->perro', back: '<!--html-->dog', tags: ['noun'], more: '<!--html-->El perro come.' });
  });

  it('reports rows with a missing back or front with their line, and keeps the others', async () => {
    const parsed = await parseFixture('bad/missing-back.csv');
    expect(parsed.cards.map((c) => body(c.front))).toEqual(['Q1', 'Q3']);
    expect(parsed.problems.map((p) => [p.where, p.severity, p.message])).toEqual([
      ['line 3', 'error', 'the back, "back" (column 2), is empty'],
      ['line 5', 'error', 'the front, "front" (column 1), is empty'],
      ['line 6', 'error', 'has 1 field, expected at least 2 (front and back): is the delimiter right?']
    ]);
  });

  it('counts lines across quoted newlines and CRLF', () => {
    const parsed = parseDelimited('front,back\r\n"a\r\nb",ok\r\n\r\nQ,\r\n', 'x.csv');
    expect(parsed.problems.map((p) => p.line)).toEqual([5]);
  });

  it('reports an unclosed quote', async () => {
    const parsed = await parseFixture('bad/unclosed-quote.csv');
    expect(parsed.cards).toHaveLength(0);
    expect(parsed.problems).toEqual([{ where: 'line 2', line: 2, severity: 'error', message: 'a quoted field is never closed (a " is missing)' }]);
  });

  it('keys cards by id column, else by a hash of the front; same front twice gets told apart by its back', () => {
    const withId = parseDelimited('id,front,back\n7,Q,A\n8,Q,B\n7,R,C\n', 'x.csv');
    expect(withId.cards.map((c) => c.key)).toEqual(['i:7', 'i:8']);
    expect(withId.problems).toEqual([{ where: 'line 4', line: 4, severity: 'error', message: 'id "7" is used twice (first at line 2); this row is skipped' }]);
    const twins = parseDelimited('Q,A\nQ,B\nQ,A\n', 'x.csv');
    expect(twins.cards).toHaveLength(2);
    expect(new Set(twins.cards.map((c) => c.key)).size).toBe(2);
    expect(twins.problems).toEqual([{ where: 'line 3', line: 3, severity: 'warning', message: 'same front and back as line 1; the duplicate is skipped' }]);
    // Stable: the same row gets the same key in another file.
    expect(parseDelimited('Other,Row\nQ,A\n', 'y.csv').cards[1].key).toBe(twins.cards[0].key);
  });

  it('refuses files that cannot be a deck, with a specific message', async () => {
    expect(await importErrorOf('bad/empty.csv')).toBe('"empty.csv" is empty (0 bytes).');
    expect(() => parseDelimited('just one column\nanother line\n', 'one.csv')).toThrow(/has only one column: no comma separates the front from the back/);
    expect(() => parseDelimited('front,back\n', 'h.csv')).toThrow(/has a header row but no cards below it/);
    expect(() => parseDelimited('\n\n  \n', 'blank.csv')).toThrow(/is empty/);
  });
});
