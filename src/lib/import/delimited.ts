import Papa from 'papaparse';
import { textOfHtml } from '../cards/card-html';
import { contentHash } from '../decks/hash';
import { readAnkiTextHeader, type AnkiTextHeader } from './anki-text-header';
import { CARD_LIMIT, COLUMN_LIMIT, count, extensionOf, fieldTooLong } from './limits';
import { isBlank, KeyRegistry, noteToCards, splitTags, uniq, type NoteInput } from './fields';
import {
  ImportError,
  type ColumnMapping,
  type DelimitedInfo,
  type DelimitedOptions,
  type FieldFormat,
  type ImportedCard,
  type ImportProblem,
  type ParsedImport
} from './types';

const NAMES: Record<keyof ColumnMapping, string[]> = {
  front: ['front', 'question', 'term', 'prompt', 'word', 'side 1', 'side a', 'text', 'recto'],
  back: ['back', 'answer', 'definition', 'meaning', 'side 2', 'side b', 'translation', 'verso'],
  tags: ['tags', 'tag', 'labels', 'label'],
  id: ['id', 'guid', 'card id', 'note id', 'key'],
  more: ['more', 'extra', 'back extra', 'notes', 'note', 'explanation', 'details']
};

const HTML_HINT = /<(br|div|p|b|i|u|em|strong|span|img|ul|ol|li|sub|sup|code|pre|font|table|hr|a)\b[^>]*>/i;

function roleOf(name: string): keyof ColumnMapping | null {
  const n = name.trim().toLowerCase().replace(/[_-]+/g, ' ');
  for (const role of Object.keys(NAMES) as (keyof ColumnMapping)[]) if (NAMES[role].includes(n)) return role;
  return null;
}

interface Row {
  cells: string[];
  line: number;
}

function readRows(body: string, delimiter: string, lineOffset: number, quoted: boolean, fileName: string, onProgress?: (share: number) => void) {
  const rows: Row[] = [];
  // Rows and columns are capped while reading: a small file of empty cells would otherwise
  // make millions of arrays before anything could refuse it.
  let refusal: string | null = null;
  const errors: { line: number; message: string }[] = [];
  let lastCursor = 0;
  let line = lineOffset + 1;
  const countLines = (from: number, to: number) => {
    let n = 0;
    for (let i = body.indexOf('\n', from); i >= 0 && i < to; i = body.indexOf('\n', i + 1)) n++;
    return n;
  };
  Papa.parse<string[]>(body, {
    delimiter,
    quoteChar: quoted ? '"' : '\u0000',
    escapeChar: quoted ? '"' : '\u0000',
    skipEmptyLines: false,
    step(result, parser) {
      const cursor = result.meta.cursor;
      // Skip the newlines between the previous row's end and this row's first character.
      let start = lastCursor;
      while (start < cursor && (body[start] === '\n' || body[start] === '\r')) {
        if (body[start] === '\n') line++;
        start++;
      }
      const rowLine = line;
      line += countLines(start, cursor);
      lastCursor = cursor;
      for (const e of result.errors) {
        errors.push({
          line: rowLine,
          message:
            e.code === 'MissingQuotes'
              ? 'a quoted field is never closed (a " is missing)'
              : e.code === 'InvalidQuotes'
                ? 'a field has a stray " inside it (write "" for a quote inside a quoted field)'
                : e.message
        });
      }
      const cells = result.data;
      if (cells.length === 1 && cells[0].trim() === '') return; // blank line
      if (cells.length > COLUMN_LIMIT) refusal = `line ${rowLine} has ${count(cells.length)} columns; the limit is ${count(COLUMN_LIMIT)}`;
      else if (rows.length > CARD_LIMIT)
        refusal = `it has more than ${count(CARD_LIMIT)} rows (the limit is ${count(CARD_LIMIT)} cards per import); split it into smaller files`;
      if (refusal) {
        parser.abort();
        return;
      }
      rows.push({ cells, line: rowLine });
      if (onProgress && rows.length % 2000 === 0) onProgress(cursor / body.length);
    }
  });
  if (refusal) throw new ImportError(`"${fileName}" was refused: ${refusal}. Nothing was imported.`);
  return { rows, errors };
}

function guessDelimiter(body: string, ext: string): string {
  if (ext === '.tsv') return '\t';
  const sample = body.slice(0, 65536);
  const lines = sample
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 50);
  // Tabs rarely appear inside text, so a tab on most lines decides it (Quizlet, Anki exports).
  if (lines.length && lines.filter((l) => l.includes('\t')).length >= lines.length * 0.8) return '\t';
  const guess = Papa.parse<string[]>(sample, { preview: 30, skipEmptyLines: true, delimitersToGuess: [',', '\t', ';'] });
  return guess.meta.delimiter || ',';
}

function detectFieldFormat(rows: Row[], columns: number[]): FieldFormat {
  for (const row of rows.slice(0, 500)) for (const c of columns) if (c >= 0 && HTML_HINT.test(row.cells[c] ?? '')) return 'html';
  return 'plain';
}

function autoMapping(names: string[] | null, header: AnkiTextHeader, columnCount: number): { mapping: ColumnMapping; recognised: boolean } {
  const mapping: ColumnMapping = { front: -1, back: -1, tags: header.tagsColumn, id: header.guidColumn, more: -1 };
  let recognised = false;
  if (names) {
    names.forEach((name, i) => {
      const role = roleOf(name);
      if (role && mapping[role] === -1) mapping[role] = i;
    });
    recognised = mapping.front >= 0 && mapping.back >= 0;
  }
  // The note fields are the columns not used for something else, in order.
  const special = new Set(
    [header.tagsColumn, header.deckColumn, header.notetypeColumn, header.guidColumn, mapping.tags, mapping.id, mapping.more].filter((c) => c >= 0)
  );
  const free = Array.from({ length: columnCount }, (_, i) => i).filter((i) => !special.has(i) && i !== mapping.front && i !== mapping.back);
  if (mapping.front < 0) mapping.front = free.shift() ?? -1;
  if (mapping.back < 0) mapping.back = free.shift() ?? -1;
  if (header.found && mapping.more < 0 && header.notetypeColumn < 0 && /cloze/i.test(header.notetype ?? '')) mapping.more = -1;
  return { mapping, recognised: recognised || header.found };
}

/** Anki's stock note types (English names) and their variants this importer turns into cards; any other name is imported as Basic with a warning. */
const KNOWN_NOTETYPE = /^(basic\b|cloze\b)|revers|type in/i;

function kindOf(notetype: string | undefined, fields: string[]): NoteInput['kind'] {
  if (!notetype) return 'basic';
  if (/cloze/i.test(notetype)) return 'cloze';
  if (/optional revers/i.test(notetype)) return (fields[2] ?? '').trim() ? 'reversed' : 'basic';
  if (/revers/i.test(notetype)) return 'reversed';
  return 'basic';
}

function titleFromFileName(name: string): string {
  return (
    name
      .replace(/\.[^.]+$/, '')
      .replace(/[_]+/g, ' ')
      .trim() || 'Imported deck'
  );
}

/**
 * CSV / TSV / semicolon files, Anki's "Notes in plain text" export (with its #header lines)
 * and Quizlet's export (term TAB definition, one card per line).
 */
export function parseDelimited(text: string, fileName: string, options: DelimitedOptions = {}, onProgress?: (share: number) => void): ParsedImport {
  const ext = extensionOf(fileName);
  const header = readAnkiTextHeader(text);
  const body = text.slice(header.length);
  if (!body.trim()) {
    throw new ImportError(
      header.found ? `"${fileName}" has Anki header lines but no notes after them.` : `"${fileName}" is empty: there is no card to import.`
    );
  }
  const delimiter = options.delimiter ?? header.separator ?? guessDelimiter(body, ext);
  let { rows, errors } = readRows(body, delimiter, header.lines, true, fileName, onProgress);
  if (delimiter === '\t' && errors.length && !header.found) {
    // Quizlet and hand-made TSV files do not quote fields: a lone " is just a character.
    const plain = readRows(body, delimiter, header.lines, false, fileName, onProgress);
    if (plain.errors.length === 0) ({ rows, errors } = plain);
  }
  const columnCount = rows.reduce((m, r) => Math.max(m, r.cells.length), 0);

  const problems: ImportProblem[] = errors.map((e) => ({ where: `line ${e.line}`, line: e.line, message: e.message, severity: 'error' as const }));
  const firstNames = header.columns ?? null;
  const autoHeader = !header.columns && rows.length > 0 && rows[0].cells.some((c) => roleOf(c) === 'front' || roleOf(c) === 'back');
  const hasHeader = header.columns ? false : (options.hasHeader ?? autoHeader);
  const names = firstNames ?? (hasHeader ? rows[0].cells : null);
  const dataRows = hasHeader ? rows.slice(1) : rows;
  const auto = autoMapping(names, header, columnCount);
  const mapping = options.mapping ?? auto.mapping;
  const fieldFormat: FieldFormat =
    options.fieldFormat ??
    (header.html === true ? 'html' : header.html === false ? 'plain' : detectFieldFormat(dataRows, [mapping.front, mapping.back, mapping.more]));

  if (dataRows.length === 0) throw new ImportError(`"${fileName}" has a header row but no cards below it.`);
  if (columnCount < 2 && !/cloze/i.test(header.notetype ?? '')) {
    throw new ImportError(
      `"${fileName}" has only one column: no ${delimiter === '\t' ? 'tab' : delimiter === ',' ? 'comma' : delimiter === ';' ? 'semicolon' : `"${delimiter}"`} separates the front from the back. Put each card on one line as front, back (or choose another delimiter).`
    );
  }

  const keys = new KeyRegistry(problems);
  const cards: ImportedCard[] = [];
  const colName = (i: number) => (names?.[i] ? `"${names[i]}" (column ${i + 1})` : `column ${i + 1}`);
  const decks = new Map<string, number>();
  // Note types this importer does not know: the first line and how many notes, for one warning each.
  const unknownNotetypes = new Map<string, { line: number; notes: number }>();
  const broken = new Set(errors.map((e) => e.line));
  for (const row of dataRows) {
    const where = `line ${row.line}`;
    if (broken.has(row.line)) continue; // already reported: a quoting error
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '') : '');
    const notetype = (header.notetypeColumn >= 0 ? cell(header.notetypeColumn).trim() : '') || header.notetype;
    if (notetype && !KNOWN_NOTETYPE.test(notetype)) {
      const seen = unknownNotetypes.get(notetype);
      if (seen) seen.notes++;
      else unknownNotetypes.set(notetype, { line: row.line, notes: 1 });
    }
    const fieldCells = row.cells.filter((_, i) => ![header.tagsColumn, header.deckColumn, header.notetypeColumn, header.guidColumn].includes(i));
    const kind = kindOf(notetype, header.found ? fieldCells : []);
    const needed = Math.max(mapping.front, kind === 'cloze' ? -1 : mapping.back) + 1;
    if (row.cells.length < needed) {
      problems.push({
        where,
        line: row.line,
        severity: 'error',
        message: `has ${row.cells.length} field${row.cells.length === 1 ? '' : 's'}, expected at least ${needed} (front and back): is the delimiter right?`
      });
      continue;
    }
    const front = cell(mapping.front);
    const back = cell(mapping.back);
    const tooLong =
      fieldTooLong(`the front, ${colName(mapping.front)},`, front) ??
      fieldTooLong(`the back, ${colName(mapping.back)},`, back) ??
      fieldTooLong(`the extra text, ${colName(mapping.more)},`, cell(mapping.more));
    if (tooLong) {
      problems.push({ where, line: row.line, severity: 'error', message: tooLong });
      continue;
    }
    if (isBlank(front, fieldFormat)) {
      problems.push({ where, line: row.line, severity: 'error', message: `the front, ${colName(mapping.front)}, is empty` });
      continue;
    }
    if (kind !== 'cloze' && isBlank(back, fieldFormat)) {
      problems.push({ where, line: row.line, severity: 'error', message: `the back, ${colName(mapping.back)}, is empty` });
      continue;
    }
    const deck = header.deckColumn >= 0 ? cell(header.deckColumn).trim() : '';
    const idValue = cell(mapping.id).trim();
    const isGuid = mapping.id >= 0 && mapping.id === header.guidColumn;
    const note: NoteInput = {
      front,
      back,
      more: mapping.more >= 0 ? cell(mapping.more) : undefined,
      tags: uniq([...header.tags, ...splitTags(cell(mapping.tags))]),
      where,
      line: row.line,
      id: idValue ? { key: isGuid ? `a:${idValue}` : `i:${idValue}`, label: `${isGuid ? 'guid' : 'id'} "${idValue}"` } : undefined,
      kind
    };
    const made = noteToCards(note, fieldFormat, keys, problems);
    // Anki's "Basic (type in the answer)": the back is what is typed.
    if (kind === 'basic' && made[0] && /type in/i.test(notetype ?? '')) {
      made[0].typeIn = { field: 'Back', expected: fieldFormat === 'html' ? textOfHtml(back) : back.trim(), cloze: false };
    }
    if (deck) {
      for (const card of made) card.deck = deck;
      decks.set(deck, (decks.get(deck) ?? 0) + made.length);
    }
    cards.push(...made);
  }
  for (const [name, { line, notes }] of unknownNotetypes) {
    problems.push({
      where: `line ${line}`,
      line,
      severity: 'warning',
      message: `note type "${name}"${notes > 1 ? ` (${count(notes)} notes, the first on this line)` : ''} is not one this app knows (Basic, Basic (and reversed card), Basic (optional reversed card), Basic (type in the answer), Cloze): imported as Basic, front and back from the first two fields`
    });
  }
  problems.push(
    ...unusedColumnWarnings(
      dataRows,
      columnCount,
      [mapping.front, mapping.back, mapping.tags, mapping.id, mapping.more, header.tagsColumn, header.deckColumn, header.notetypeColumn, header.guidColumn],
      colName
    )
  );
  onProgress?.(1);

  const deckInFile = header.deck ?? [...decks.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const delimitedInfo: DelimitedInfo = {
    delimiter,
    hasHeader,
    headerRecognised: auto.recognised,
    columnNames: Array.from({ length: columnCount }, (_, i) => names?.[i]?.trim() || `Column ${i + 1}`),
    columnCount,
    mapping,
    fieldFormat,
    sample: dataRows.slice(0, 5).map((r) => r.cells)
  };
  return {
    fileName,
    format: header.found ? 'anki-text' : 'csv',
    suggestedTitle: deckInFile ? deckInFile.split('::').pop()!.trim() : titleFromFileName(fileName),
    description: '',
    cards,
    // Quoting errors were found while reading, the rest row by row: listed in file order.
    problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    media: [],
    delimited: delimitedInfo,
    ...(decks.size ? { decks: [...decks].map(([name, cards]) => ({ name, cards })) } : {}),
    hash: contentHash(text)
  };
}

/** One warning per column that holds text but goes nowhere, so no text is dropped without a word. */
function unusedColumnWarnings(rows: Row[], columnCount: number, used: number[], colName: (i: number) => string): ImportProblem[] {
  const warnings: ImportProblem[] = [];
  for (let column = 0; column < columnCount; column++) {
    if (used.includes(column)) continue;
    const filled = rows.filter((row) => (row.cells[column] ?? '').trim() !== '');
    if (!filled.length) continue;
    const line = filled[0].line;
    const lines = filled.length > 1 ? ` (text on ${count(filled.length)} lines, the first here)` : '';
    warnings.push({
      where: `line ${line}`,
      line,
      severity: 'warning',
      message: `${colName(column)}${lines} is not imported: choose it as the front, back, tags or extra under "Columns and text format" to keep it`
    });
  }
  return warnings;
}

export { titleFromFileName };
