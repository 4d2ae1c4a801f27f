import type { Table } from 'dexie';
import type { FlashcardDatabase } from '../db/database';
import type { MediaRow } from '../db/schema';
import { blobToBase64 } from './base64';
import { forEachPage } from './pages';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  TABLE_NAMES,
  withoutStoredHtml,
  type BackupHeader,
  type EncodedMediaRow,
  type TableCounts,
  type TableName
} from './format';
import { rowLabel, rowProblems } from './validate';

export interface BackupProgress {
  /** Rows written so far and in total (all tables). */
  done: number;
  total: number;
  table: TableName;
}

export interface BackupResult {
  blob: Blob;
  counts: TableCounts;
  /** Rows that would not pass restore validation (should never happen; shown to the user). */
  warnings: string[];
}

export interface BackupOptions {
  appVersion: string;
  now?: Date;
  /** Rows read per IndexedDB request. */
  pageSize?: number;
  onProgress?: (p: BackupProgress) => void;
  /** Sees every row as written (media encoded), with its JSON line: the automatic backup's digest. */
  onRow?: (table: TableName, row: unknown, json: string) => void;
  /**
   * Read each page in its own short transaction instead of one for the whole backup, so answers
   * are never held up behind it (a read transaction delays writes to its tables). The caller
   * must then check that nothing changed meanwhile (the automatic backup does).
   */
  transactionPerPage?: boolean;
  /**
   * Receives the file's text about 256 KB at a time instead of collecting it into the returned
   * Blob (which is then empty): the automatic backup streams it into its compressor.
   */
  onText?: (text: string) => void;
}

/** Flush accumulated text into a Blob part every ~1 MB so the JavaScript strings can be freed. */
const FLUSH_CHARS = 1 << 20;
/** With `onText`, smaller pieces: each is UTF-8 encoded on the main thread in one go. */
const STREAM_CHARS = 1 << 18;

/**
 * The whole database as a backup file (format.ts). Tables are read page by page in one read
 * transaction (a consistent snapshot) and each page is turned into text and then into a Blob
 * part, so memory holds about one page of rows, never one giant JSON string. Media Blobs are
 * read in the same snapshot and base64-encoded afterwards, one at a time.
 */
export async function createBackup(db: FlashcardDatabase, options: BackupOptions): Promise<BackupResult> {
  const pageSize = options.pageSize ?? 2000;
  const parts: Blob[] = [];
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = () => {
    if (pending.length) {
      if (options.onText) options.onText(pending.join(''));
      else parts.push(new Blob(pending, { type: 'text/plain' }));
    }
    pending = [];
    pendingChars = 0;
  };
  const emit = (text: string) => {
    pending.push(text);
    pendingChars += text.length;
    if (pendingChars >= (options.onText ? STREAM_CHARS : FLUSH_CHARS)) flush();
  };

  // The same checks restore makes, so a problem shows now rather than when the backup is needed.
  const warnings: string[] = [];
  const deckIds = new Set<string>();
  const cardIds = new Set<string>();
  const check = (table: TableName, index: number, row: unknown) => {
    const r = row as Record<string, unknown>;
    if (table === 'decks') deckIds.add(r.id as string);
    if (table === 'cards') cardIds.add(r.id as string);
    if (warnings.length >= 20) return;
    const problems = rowProblems(table, row);
    if (table === 'cards' && !deckIds.has(r.deckId as string)) problems.push(`deck "${r.deckId}" does not exist`);
    if (table === 'reviewLogs' && !cardIds.has(r.cardId as string)) problems.push(`card "${r.cardId}" does not exist`);
    for (const p of problems) warnings.push(`${rowLabel(table, index, row)}: ${p}`);
  };

  const tables: Record<TableName, Table> = { decks: db.decks, cards: db.cards, reviewLogs: db.reviewLogs, settings: db.settings, media: db.media };
  const counts = {} as TableCounts;
  let total = 0;
  let done = 0;
  const media: MediaRow[] = [];

  const readAll = async () => {
    for (const name of TABLE_NAMES) counts[name] = await tables[name].count();
    total = TABLE_NAMES.reduce((sum, t) => sum + counts[t], 0);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: (options.now ?? new Date()).toISOString(),
      appVersion: options.appVersion,
      counts
    };
    const headerJson = JSON.stringify(header);
    emit(`${headerJson.slice(0, -1)},"tables":{\n`);
    for (const name of TABLE_NAMES) {
      if (name === 'media') {
        await forEachPage(tables.media, pageSize, (rows) => media.push(...(rows as MediaRow[])));
        continue;
      }
      emit(`${JSON.stringify(name)}:[\n`);
      let index = 0;
      await forEachPage(tables[name], pageSize, (rows) => {
        const lines: string[] = [];
        for (const stored of rows) {
          const row = name === 'cards' ? withoutStoredHtml(stored as object) : stored;
          check(name, index, row);
          const json = JSON.stringify(row);
          options.onRow?.(name, row, json);
          lines.push((index++ === 0 ? '' : ',\n') + json);
        }
        emit(lines.join(''));
        done += rows.length;
        options.onProgress?.({ done, total, table: name });
      });
      emit(index ? '\n],\n' : '],\n');
    }
  };
  if (options.transactionPerPage) await readAll();
  else await db.transaction('r', Object.values(tables), readAll);

  // Media: Blob -> base64, outside the transaction (reading a Blob is not an IndexedDB request).
  emit('"media":[\n');
  for (const [index, row] of media.entries()) {
    const encoded: EncodedMediaRow = { ...row, data: { type: row.data.type, base64: await blobToBase64(row.data) } };
    check('media', index, encoded);
    const json = JSON.stringify(encoded);
    options.onRow?.('media', encoded, json);
    emit((index === 0 ? '' : ',\n') + json);
    done++;
    options.onProgress?.({ done, total, table: 'media' });
  }
  emit(media.length ? '\n]\n' : ']\n');
  emit('}}\n');
  flush();

  return { blob: new Blob(parts, { type: 'application/json' }), counts, warnings };
}

/** `interview-flashcards-backup-2026-01-10.json` (local date). */
export function backupFileName(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `interview-flashcards-backup-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.json`;
}
