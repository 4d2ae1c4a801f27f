import type { CardRow, DeckRow, MediaRow, ReviewLogRow, SettingRow } from '../db/schema';
import { FIELD_LIMIT, MEDIA_FILE_LIMIT, overText, sizeText } from '../import/limits';
import { NOTETYPE_CSS_LIMIT, NOTETYPE_KEY } from '../render/notetype-css';
import { STUDY_SETTINGS_KEY } from '../srs/settings';
import { studySettingsProblems } from '../srs/settings-check';
import { base64ToBytes } from './base64';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupError,
  TABLE_NAMES,
  withoutLocalSeq,
  withoutStoredHtml,
  type Backup,
  type BackupHeader,
  type TableName
} from './format';

/** A backup as read from the file, before validation. */
export interface RawBackup {
  header: Record<string, unknown>;
  tables: Record<string, unknown[]>;
}

/** Returns what was expected when `value` is wrong, or null when it is fine. */
type Check = (value: unknown) => string | null;

const str: Check = (v) => (typeof v === 'string' ? null : 'a string');
const id: Check = (v) => (typeof v === 'string' && v !== '' ? null : 'a non-empty string');
const num: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'a number');
const int =
  (min = -Infinity, max = Infinity): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? null
      : `a whole number${min > -Infinity ? ` from ${min}` : ''}${max < Infinity ? ` to ${max}` : ''}`;
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'true or false');
const numOrNull: Check = (v) => (v === null ? null : num(v) && 'a number or null');
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v as string) ? null : `one of ${values.map((x) => `"${x}"`).join(', ')}`;
const stringList: Check = (v) => (Array.isArray(v) && v.every((t) => typeof t === 'string') ? null : 'a list of strings');
/** Optional fields may be absent (or null, kept as stored). */
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || v === null ? null : check(v);
const anyValue: Check = (v) => (v === undefined ? 'present' : null);

type Spec = Record<string, Check>;

/** A deck's note-type CSS: note type key -> CSS text, each within the limit the importer reads (it is sanitized when shown). */
const cssByNotetype: Check = (v) =>
  isObject(v) && Object.entries(v).every(([key, css]) => NOTETYPE_KEY.test(key) && typeof css === 'string' && css.length <= NOTETYPE_CSS_LIMIT)
    ? null
    : `an object of note type keys to CSS of at most ${sizeText(NOTETYPE_CSS_LIMIT)} each`;

const SCHEDULE: Spec = {
  due: num,
  stability: num,
  difficulty: num,
  scheduledDays: num,
  learningSteps: num,
  reps: int(0),
  lapses: int(0),
  state: int(0, 3),
  lastReview: numOrNull
};

const object =
  (spec: Spec): Check =>
  (v) => {
    if (!isObject(v)) return 'an object';
    const wrong = Object.entries(spec).find(([key, check]) => check(v[key]) !== null);
    return wrong ? `an object whose "${wrong[0]}" is ${wrong[1](v[wrong[0]])}` : null;
  };

export const ROW_SPECS: Record<TableName, Spec> = {
  decks: {
    id,
    title: str,
    description: str,
    source: oneOf('builtin', 'import', 'user'),
    hash: str,
    position: num,
    parent: optional(str),
    hidden: optional(bool),
    // Daily limits as the deck options allow them (decks/manage.ts).
    newPerDay: optional(int(0, 99999)),
    reviewsPerDay: optional(int(0, 99999)),
    origin: optional(str),
    typeAnswer: optional(bool),
    autoplay: optional(bool),
    noteTypeCss: optional(cssByNotetype)
  },
  cards: {
    id,
    deckId: id,
    ord: num,
    front: str,
    back: str,
    more: optional(str),
    tags: stringList,
    createdAt: num,
    updatedAt: num,
    ...SCHEDULE,
    queue: int(),
    suspended: bool,
    retired: bool,
    buriedUntil: optional(num),
    flag: optional(int(0)),
    deleted: optional(bool),
    edited: optional(bool),
    typeIn: optional(object({ field: str, expected: str, cloze: bool })),
    noteId: optional(str)
  },
  reviewLogs: {
    id,
    cardId: id,
    deckId: id,
    rating: int(1, 4),
    review: num,
    duration: num,
    state: int(0, 3),
    due: num,
    stability: num,
    difficulty: num,
    elapsedDays: num,
    scheduledDays: num,
    learningSteps: num,
    before: object(SCHEDULE),
    loadBalanced: optional(object({ fuzzed: int(1), chosen: int(1) })),
    caused: optional(object({ tagged: optional(stringList), suspended: optional(bool), buried: optional(stringList) }))
  },
  settings: { key: id, value: anyValue },
  media: {
    id,
    deckId: id,
    name: str,
    mime: str,
    size: num,
    data: object({ type: str, base64: str })
  }
};

/** Text fields held to FIELD_LIMIT, the limit the importers apply (a card side, a deck's title). */
const LIMITED_FIELDS: Partial<Record<TableName, string[]>> = { cards: ['front', 'back', 'more'], decks: ['title', 'description'] };

/** Fields past the size limits, as problems ("\"back\" is 60 MB; the limit is 1 MB per field"). */
function limitProblems(table: TableName, row: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of LIMITED_FIELDS[table] ?? []) {
    const value = row[key];
    if (typeof value === 'string' && value.length > FIELD_LIMIT)
      problems.push(`"${key}" is ${overText(value.length, FIELD_LIMIT)}; the limit is ${sizeText(FIELD_LIMIT)} per field`);
  }
  if (table === 'media' && typeof row.size === 'number' && row.size > MEDIA_FILE_LIMIT) {
    problems.push(`the file is ${overText(row.size, MEDIA_FILE_LIMIT)}; the limit is ${sizeText(MEDIA_FILE_LIMIT)} per image or sound`);
  }
  return problems;
}

const PRIMARY_KEY: Record<TableName, string> = { decks: 'id', cards: 'id', reviewLogs: 'id', settings: 'key', media: 'id' };

/** How many problems are named in the error message (all are counted). */
const SHOWN = 8;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? text.slice(0, 37) + '…' : text;
}

/** Problems of one row against its table's spec (empty when the row is fine). */
export function rowProblems(table: TableName, row: unknown): string[] {
  if (!isObject(row)) return [`is ${show(row)}, not an object`];
  const problems: string[] = [];
  for (const [key, check] of Object.entries(ROW_SPECS[table])) {
    const expected = check(row[key]);
    if (expected === null) continue;
    problems.push(row[key] === undefined ? `"${key}" is missing` : `"${key}" must be ${expected}, got ${show(row[key])}`);
  }
  if (problems.length) return problems;
  const memory =
    table === 'cards' ? memoryStateProblem(row) : table === 'reviewLogs' ? memoryStateProblem(row.before as Record<string, unknown>, '"before": ') : null;
  if (memory) return [memory];
  // The study settings are read by every study screen: a value the app could not have written is refused here.
  if (table === 'settings' && row.key === STUDY_SETTINGS_KEY) return studySettingsProblems(row.value);
  return limitProblems(table, row);
}

/**
 * ts-fsrs schedules from a new card's 0/0 or from difficulty 1-10 with stability of at least
 * 0.001 (its S_MIN), and throws on anything else: such a card could never be answered.
 */
function memoryStateProblem(schedule: Record<string, unknown>, prefix = ''): string | null {
  const { stability: s, difficulty: d } = schedule as { stability: number; difficulty: number };
  if ((s === 0 && d === 0) || (d >= 1 && d <= 10 && s >= 0.001)) return null;
  return `${prefix}stability ${show(s)} and difficulty ${show(d)} are no memory state FSRS can schedule from (difficulty from 1 to 10 and stability of at least 0.001, or both 0 for a new card)`;
}

export function rowLabel(table: TableName, index: number, row: unknown): string {
  const key = isObject(row) ? row[PRIMARY_KEY[table]] : undefined;
  return `${table} row ${index + 1}${typeof key === 'string' ? ` (${PRIMARY_KEY[table]} "${key.length > 60 ? key.slice(0, 57) + '…' : key}")` : ''}`;
}

/**
 * Checks a whole backup before anything is written: format and version, every row's required
 * fields and their types, unique keys, and references (cards to decks, review logs to cards).
 * Throws a BackupError naming the table and row of the first problems; returns the backup with
 * media decoded back to Blobs, card rows without `rendered`, review logs without `seq` and
 * built-in decks marked to be merged again.
 */
export function validateBackup(raw: RawBackup): Backup {
  const header = validateHeader(raw.header);
  const problems: string[] = [];
  const report = (message: string) => problems.push(message);

  for (const name of Object.keys(raw.tables)) {
    if (!(TABLE_NAMES as readonly string[]).includes(name)) report(`unknown table "${name}"`);
  }
  for (const table of TABLE_NAMES) {
    const rows = raw.tables[table];
    if (!Array.isArray(rows)) {
      report(`table "${table}" is missing`);
      continue;
    }
    if (header.counts[table] !== rows.length) {
      report(`table "${table}" has ${rows.length} rows but the backup says ${header.counts[table]}: the file was cut off or edited`);
    }
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      for (const p of rowProblems(table, row)) report(`${rowLabel(table, i, row)}: ${p}`);
      const key = isObject(row) ? row[PRIMARY_KEY[table]] : undefined;
      if (typeof key === 'string') {
        if (seen.has(key)) report(`${rowLabel(table, i, row)}: ${PRIMARY_KEY[table]} "${key}" appears twice`);
        seen.add(key);
      }
    });
  }
  if (problems.length) throw invalid(problems);

  // Restored built-in cards come without their build-time HTML: an empty hash makes the next
  // start-up merge those decks again, which stores it (and changes nothing else).
  const decks = (raw.tables.decks as DeckRow[]).map((d) => (d.source === 'builtin' ? { ...d, hash: '' } : d));
  const cards = (raw.tables.cards as CardRow[]).map(withoutStoredHtml);
  const logs = (raw.tables.reviewLogs as ReviewLogRow[]).map(withoutLocalSeq);
  const deckIds = new Set(decks.map((d) => d.id));
  const cardIds = new Set(cards.map((c) => c.id));
  cards.forEach((card, i) => {
    if (!deckIds.has(card.deckId)) report(`${rowLabel('cards', i, card)}: deck "${card.deckId}" is not in the backup`);
  });
  logs.forEach((log, i) => {
    if (!cardIds.has(log.cardId)) report(`${rowLabel('reviewLogs', i, log)}: card "${log.cardId}" is not in the backup`);
  });

  const media: MediaRow[] = [];
  (raw.tables.media as unknown as Array<Omit<MediaRow, 'data'> & { data: { type: string; base64: string } }>).forEach((row, i) => {
    const bytes = base64ToBytes(row.data.base64);
    if (!bytes) {
      report(`${rowLabel('media', i, row)}: "data" is not valid base64`);
      return;
    }
    media.push({ ...row, data: new Blob([bytes], { type: row.data.type }) });
  });
  if (problems.length) throw invalid(problems);

  return {
    header,
    tables: { decks, cards, reviewLogs: logs, settings: raw.tables.settings as SettingRow[], media }
  };
}

function invalid(problems: string[]): BackupError {
  const more = problems.length > SHOWN ? ` (and ${problems.length - SHOWN} more)` : '';
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const summary = `This backup cannot be restored (${count}; nothing was changed)`;
  return new BackupError(`${summary}: ${problems.slice(0, SHOWN).join('; ')}${more}`, 'invalid', problems, summary + '.');
}

/** Format and version first: a wrong file gets a message about that, not about its rows. */
export function validateHeader(header: unknown): BackupHeader {
  if (!isObject(header) || header.format !== BACKUP_FORMAT) {
    throw new BackupError(
      `This is not an Interview Flashcards backup${isObject(header) && typeof header.format === 'string' ? ` (its format is "${header.format}")` : ''}. Choose a file made with "Download backup". Nothing was changed.`,
      'not-backup'
    );
  }
  const version = header.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new BackupError(`The backup has no valid version number (got ${show(version)}). Nothing was changed.`, 'invalid');
  }
  if (version > BACKUP_VERSION) {
    throw new BackupError(
      `This backup was made by a newer version of the app (backup version ${version}; this app reads version ${BACKUP_VERSION}). Update the app, then restore. Nothing was changed.`,
      'newer-version'
    );
  }
  const problems: string[] = [];
  if (typeof header.exportedAt !== 'string' || Number.isNaN(Date.parse(header.exportedAt)))
    problems.push(`"exportedAt" must be a date, got ${show(header.exportedAt)}`);
  if (typeof header.appVersion !== 'string') problems.push(`"appVersion" must be a string, got ${show(header.appVersion)}`);
  const counts = header.counts;
  if (!isObject(counts) || TABLE_NAMES.some((t) => typeof counts[t] !== 'number')) problems.push(`"counts" must give the number of rows of every table`);
  if (problems.length) throw invalid(problems.map((p) => `header: ${p}`));
  return header as unknown as BackupHeader;
}
