import type { CardRow, DeckRow, MediaRow, ReviewLogRow, SettingRow } from '../db/schema';
import { DATA_STORES } from '../db/stores';

/**
 * The backup file: one JSON document, written one row per line so it can be produced and read
 * in chunks (see write.ts and read.ts):
 *
 *   {"format":"interview-flashcards-backup","version":1,"exportedAt":"…","appVersion":"…","counts":{…},"tables":{
 *   "decks":[
 *   {…row…},
 *   {…row…}
 *   ],
 *   "cards":[
 *   …
 *   ]
 *   }}
 *
 * Rows are stored exactly as in IndexedDB, except media Blobs: `data: { type, base64 }`, and
 * cards without their built-in HTML (see withoutStoredHtml). Review logs keep their `seq`, but
 * restore drops it (see withoutLocalSeq).
 */
export const BACKUP_FORMAT = 'interview-flashcards-backup';
export const BACKUP_VERSION = 1;

/** A backup's tables are the database's data stores, by the same names. */
export const TABLE_NAMES = DATA_STORES;
export type TableName = (typeof TABLE_NAMES)[number];
export type TableCounts = Record<TableName, number>;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** ISO 8601 time the backup was made. */
  exportedAt: string;
  appVersion: string;
  /** Rows per table, checked on restore to detect cut-off files. */
  counts: TableCounts;
}

export interface EncodedMediaRow extends Omit<MediaRow, 'data'> {
  data: { type: string; base64: string };
}

export interface BackupTables {
  decks: DeckRow[];
  cards: CardRow[];
  reviewLogs: ReviewLogRow[];
  settings: SettingRow[];
  media: MediaRow[];
}

/** A backup that passed validation, with media decoded back to Blobs. */
export interface Backup {
  header: BackupHeader;
  tables: BackupTables;
}

export function countsOf(tables: Record<TableName, unknown[]>): TableCounts {
  return Object.fromEntries(TABLE_NAMES.map((t) => [t, tables[t].length])) as TableCounts;
}

export function emptyCounts(): TableCounts {
  return { decks: 0, cards: 0, reviewLogs: 0, settings: 0, media: 0 };
}

/** A problem found in a backup file: which table and row (1-based), and what is wrong. */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly kind: 'empty' | 'not-json' | 'not-backup' | 'newer-version' | 'truncated' | 'invalid' | 'too-large',
    /** Validation: every problem found (the message names the first ones). */
    readonly problems: string[] = [],
    /** Validation: the message without the list of problems. */
    readonly summary: string = message
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * A card without `rendered`: that HTML goes into the page as it is, so it may only come from
 * the app's own compiled decks. A backup never carries it, and restore drops it from a file (a
 * hostile one could put script there); the next merge of the built-in decks stores it again.
 */
export function withoutStoredHtml<T extends object>(card: T): T {
  if (!('rendered' in card)) return card;
  const { rendered: _rendered, ...rest } = card as T & { rendered: unknown };
  return rest as T;
}

/**
 * A review log without `seq`: that number orders the answers recorded on one device, for undo.
 * Restored or merged rows come from elsewhere (or from before a replace), so they get none and
 * are never undone; the next answer on this device is numbered after this device's own rows.
 */
export function withoutLocalSeq(log: ReviewLogRow): ReviewLogRow {
  if (!('seq' in log)) return log;
  const { seq: _seq, ...rest } = log;
  return rest;
}
