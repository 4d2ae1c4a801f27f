import { BACKUP_LIMIT, BACKUP_WHOLE_LIMIT, FIELD_LIMIT, MEDIA_FILE_LIMIT, overText, sizeText } from '../import/limits';
import { BackupError, TABLE_NAMES, type Backup } from './format';
import { validateBackup, validateHeader, type RawBackup } from './validate';

export interface ReadProgress {
  /** Bytes read so far and the file size. */
  done: number;
  total: number;
}

const CHUNK = 4 * 1024 * 1024;

/**
 * The longest line (one row) read into memory: a card row holds three fields of at most
 * FIELD_LIMIT, which JSON escaping can make a few times longer; a media row holds one file
 * in base64. A longer line is refused before it is kept whole.
 */
export function lineLimit(table: string | null): number {
  return table === 'media' ? Math.ceil((MEDIA_FILE_LIMIT * 4) / 3) + 64 * 1024 : 8 * FIELD_LIMIT;
}

/**
 * Reads a backup file in chunks of 4 MB, one row per line (the layout write.ts produces), so a
 * large backup never exists as one giant string. A file in another JSON layout (for example
 * re-indented by an editor) is read whole with JSON.parse instead. Throws a BackupError with a
 * specific message for an empty file, a file that is not JSON, not a backup, from a newer app
 * version, or cut off. Rows are not validated here (see validateBackup).
 */
export async function readBackupFile(file: Blob, onProgress?: (p: ReadProgress) => void): Promise<RawBackup> {
  const total = file.size;
  if (total === 0) throw new BackupError('The file is empty. Choose a backup file made with "Download backup". Nothing was changed.', 'empty');
  if (total > BACKUP_LIMIT) {
    throw new BackupError(
      `The file is ${overText(total, BACKUP_LIMIT)}; the limit for a backup is ${sizeText(BACKUP_LIMIT)}. Nothing was changed.`,
      'too-large'
    );
  }
  const head = await file.slice(0, Math.min(total, 64)).text();
  if (
    !head
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('{')
  )
    throw notJson();

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = new LineParser();
  let carry = '';
  for (let pos = 0; pos < total; pos += CHUNK) {
    let text: string;
    try {
      text = carry + decoder.decode(await file.slice(pos, pos + CHUNK).arrayBuffer(), { stream: pos + CHUNK < total });
    } catch {
      throw new BackupError('The file is not a text file (it is not UTF-8 JSON), so it is not a backup. Nothing was changed.', 'not-json');
    }
    const lines = text.split('\n');
    carry = lines.pop()!;
    for (const line of lines) {
      if (!parser.line(line, false)) return readWhole(file);
    }
    if (carry.length > lineLimit(parser.currentTable)) {
      if (!parser.started) return readWhole(file);
      throw await tooLongRow(file, pos + CHUNK, parser, carry);
    }
    onProgress?.({ done: Math.min(pos + CHUNK, total), total });
  }
  if (carry && !parser.line(carry, true)) return readWhole(file);
  return parser.finish();
}

function notJson(detail = ''): BackupError {
  return new BackupError(
    `This file is not a backup: it is not JSON${detail}. Choose the .json file made with "Download backup". Nothing was changed.`,
    'not-json'
  );
}

function truncated(where: string): BackupError {
  return new BackupError(
    `The backup file is incomplete: it ends ${where}. It was probably cut off while downloading or copying; use the complete file. Nothing was changed.`,
    'truncated'
  );
}

/** Fallback for a backup in another JSON layout. */
async function readWhole(file: Blob): Promise<RawBackup> {
  if (file.size > BACKUP_WHOLE_LIMIT) {
    throw new BackupError(
      `This backup is not in the layout "Download backup" writes (one row per line), and such a file is read whole, which is allowed up to ${sizeText(BACKUP_WHOLE_LIMIT)}; it is ${sizeText(file.size)}. Nothing was changed.`,
      'too-large'
    );
  }
  const text = await file.text();
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const trimmed = text.trimEnd();
    if (/^\s*\{/.test(text) && !trimmed.endsWith('}')) throw truncated('before the JSON is closed');
    throw notJson(` (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw notJson(' (it is not a JSON object)');
  const { tables, ...header } = value as Record<string, unknown>;
  validateHeader(header);
  if (typeof tables !== 'object' || tables === null || Array.isArray(tables)) {
    throw new BackupError('The backup has no "tables". Nothing was changed.', 'invalid');
  }
  return { header, tables: tables as Record<string, unknown[]> };
}

const ID = /[{,]"(?:id|key)":"((?:[^"\\]|\\.){0,200})"/;
const KEY = /[{,]"([A-Za-z]+)":/g;

/**
 * The refusal of a row longer than lineLimit: which table, row and id, the field that was
 * being read when the limit was passed (a key in the JSON is a quote after "{" or ","; inside a
 * string every quote is escaped), and the whole row's size, counted to its end without
 * keeping it.
 */
async function tooLongRow(file: Blob, from: number, parser: LineParser, partial: string): Promise<BackupError> {
  const table = parser.currentTable ?? '';
  const id = ID.exec(partial.slice(0, 64 * 1024))?.[1];
  let field: string | undefined;
  for (const m of partial.matchAll(KEY)) field = m[1];
  let length = partial.length;
  for (let pos = from; pos < file.size; pos += CHUNK) {
    const chunk = await file.slice(pos, pos + CHUNK).arrayBuffer();
    const end = new Uint8Array(chunk).indexOf(10);
    length += end < 0 ? chunk.byteLength : end;
    if (end >= 0) break;
  }
  const row = `${table} row ${parser.rowCount + 1}${id ? ` (id "${id}")` : ''}`;
  const limit = table === 'media' ? `${sizeText(MEDIA_FILE_LIMIT)} per image or sound` : `${sizeText(FIELD_LIMIT)} per card field`;
  const message = `This backup cannot be restored: ${row} is ${sizeText(length)}${field ? `, most of it in its "${field}" field` : ''}; the limit is ${limit}. Nothing was changed.`;
  return new BackupError(message, 'too-large');
}

/** The one-row-per-line layout, line by line. `line()` returns false when the layout differs. */
class LineParser {
  private header: Record<string, unknown> | null = null;
  private tables: Record<string, unknown[]> = {};
  private table: string | null = null;
  private rows: unknown[] = [];
  private done = false;

  /** The table whose rows are being read (null between tables). */
  get currentTable(): string | null {
    return this.table;
  }

  get rowCount(): number {
    return this.rows.length;
  }

  /** True once the header line was read in this layout. */
  get started(): boolean {
    return this.header !== null;
  }

  line(raw: string, last: boolean): boolean {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!this.header) return this.headerLine(line, last);
    if (this.done) {
      if (line.trim() === '') return true;
      throw new BackupError('The backup file has unexpected text after its end. Nothing was changed.', 'invalid');
    }
    if (this.table === null) {
      if (line === '}}') {
        this.done = true;
        return true;
      }
      const open = /^"([A-Za-z]+)":\[$/.exec(line);
      if (!open) {
        if (last) throw truncated('between two tables');
        throw new BackupError(
          `The backup file is damaged near table "${Object.keys(this.tables).at(-1) ?? ''}": unexpected line. Nothing was changed.`,
          'invalid'
        );
      }
      if (open[1] in this.tables) throw new BackupError(`The backup file has table "${open[1]}" twice. Nothing was changed.`, 'invalid');
      this.table = open[1];
      this.rows = [];
      this.tables[this.table] = this.rows;
      return true;
    }
    if (line === ']' || line === '],') {
      this.table = null;
      return true;
    }
    const json = line.endsWith(',') ? line.slice(0, -1) : line;
    try {
      this.rows.push(JSON.parse(json));
    } catch {
      if (last) throw truncated(`in the middle of row ${this.rows.length + 1} of table "${this.table}"`);
      throw new BackupError(`The backup file is damaged: ${this.table} row ${this.rows.length + 1} is not valid JSON. Nothing was changed.`, 'invalid');
    }
    return true;
  }

  private headerLine(line: string, last: boolean): boolean {
    const text = line.replace(/^\uFEFF/, '');
    if (!text.startsWith('{') || !text.endsWith('"tables":{')) {
      // Another layout (or a cut-off first line): let the whole-file reader decide.
      return false;
    }
    let header: unknown;
    try {
      header = JSON.parse(text + '}}');
    } catch {
      if (last) throw truncated('inside its first line');
      return false;
    }
    delete (header as Record<string, unknown>).tables;
    this.header = validateHeader(header) as unknown as Record<string, unknown>;
    return true;
  }

  finish(): RawBackup {
    if (!this.header) throw truncated('inside its first line');
    if (!this.done) {
      const counts = this.header.counts as Record<string, number>;
      const where = this.table
        ? `in table "${this.table}" after ${this.rows.length} of ${counts[this.table] ?? '?'} rows`
        : `after table "${Object.keys(this.tables).at(-1) ?? TABLE_NAMES[0]}"`;
      throw truncated(where);
    }
    return { header: this.header, tables: this.tables };
  }
}

/** Reads and fully validates a backup file (nothing is written). */
export async function loadBackupFile(file: Blob, onProgress?: (p: ReadProgress) => void): Promise<Backup> {
  return validateBackup(await readBackupFile(file, onProgress));
}
