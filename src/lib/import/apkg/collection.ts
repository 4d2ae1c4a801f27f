import type { Database, SqlJsStatic } from 'sql.js';
import { CARD_LIMIT, count, REVIEW_LIMIT } from '../limits';
import { ImportError } from '../types';
import { decodeMessage, protoNumber, protoString } from './protobuf';

/** What the importer needs from an Anki collection (any schema version from 11 to 18). */

export interface Template {
  name: string;
  ord: number;
  qfmt: string;
  afmt: string;
}

export interface Notetype {
  id: number;
  name: string;
  cloze: boolean;
  fields: string[];
  templates: Template[];
  /** The note type's CSS, as the author wrote it ('' when none). */
  css: string;
}

export interface AnkiNote {
  id: number;
  guid: string;
  mid: number;
  tags: string[];
  fields: string[];
}

export interface AnkiCard {
  id: number;
  nid: number;
  did: number;
  ord: number;
  type: number;
  queue: number;
  due: number;
  ivl: number;
  factor: number;
  reps: number;
  lapses: number;
}

export interface AnkiReview {
  cid: number;
  /** Epoch ms of the answer (the revlog id, unique in the collection). */
  time: number;
  ease: number;
  type: number;
  /** Milliseconds Anki measured for the answer (capped by Anki at its "maximum answer seconds"). */
  duration: number;
}

export interface AnkiCollection {
  /** Collection creation, epoch seconds (review due dates count days from it). */
  crt: number;
  notetypes: Map<number, Notetype>;
  decks: Map<number, string>;
  notes: AnkiNote[];
  cards: AnkiCard[];
  reviews: AnkiReview[];
}

function rows(db: Database, sql: string): unknown[][] {
  return db.exec(sql)[0]?.values ?? [];
}

function legacyNotetypes(json: string): Map<number, Notetype> {
  const out = new Map<number, Notetype>();
  const models = JSON.parse(json || '{}') as Record<
    string,
    {
      id: number | string;
      name: string;
      type: number;
      css?: string;
      flds: { name: string; ord: number }[];
      tmpls: { name: string; ord: number; qfmt: string; afmt: string }[];
    }
  >;
  for (const m of Object.values(models)) {
    const id = Number(m.id);
    out.set(id, {
      id,
      name: m.name,
      cloze: m.type === 1,
      css: typeof m.css === 'string' ? m.css : '',
      fields: [...m.flds].sort((a, b) => a.ord - b.ord).map((f) => f.name),
      templates: [...m.tmpls].sort((a, b) => a.ord - b.ord).map((t) => ({ name: t.name, ord: t.ord, qfmt: t.qfmt ?? '', afmt: t.afmt ?? '' }))
    });
  }
  return out;
}

/** Schema 18 (Anki 2.1.28+): notetypes, fields and templates tables with protobuf configs. */
function tableNotetypes(db: Database): Map<number, Notetype> {
  const out = new Map<number, Notetype>();
  for (const [id, name, config] of rows(db, 'SELECT id, name, config FROM notetypes')) {
    // NotetypeConfig: kind = 1 (0 normal, 1 cloze), css = 3
    const msg = config instanceof Uint8Array ? decodeMessage(config) : new Map();
    out.set(Number(id), { id: Number(id), name: String(name), cloze: protoNumber(msg, 1) === 1, css: protoString(msg, 3), fields: [], templates: [] });
  }
  for (const [ntid, ord, name] of rows(db, 'SELECT ntid, ord, name FROM fields')) {
    const nt = out.get(Number(ntid));
    if (nt) nt.fields[Number(ord)] = String(name);
  }
  for (const [ntid, ord, name, config] of rows(db, 'SELECT ntid, ord, name, config FROM templates')) {
    const nt = out.get(Number(ntid));
    if (!nt) continue;
    // TemplateConfig: q_format = 1, a_format = 2
    const msg = config instanceof Uint8Array ? decodeMessage(config) : new Map();
    nt.templates.push({ name: String(name), ord: Number(ord), qfmt: protoString(msg, 1), afmt: protoString(msg, 2) });
  }
  for (const nt of out.values()) nt.templates.sort((a, b) => a.ord - b.ord);
  return out;
}

function readCollection(db: Database): AnkiCollection {
  const tables = new Set(rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r[0])));
  for (const t of ['col', 'notes', 'cards']) {
    if (!tables.has(t)) throw new ImportError(`the collection inside has no "${t}" table, so it is not an Anki collection`);
  }
  checkRowCounts(db, tables);
  const [crt, models, decksJson] = rows(db, 'SELECT crt, models, decks FROM col')[0] ?? [0, '{}', '{}'];
  const notetypes = tables.has('notetypes') ? tableNotetypes(db) : legacyNotetypes(String(models ?? '{}'));
  const decks = new Map<number, string>();
  if (tables.has('decks')) {
    for (const [id, name] of rows(db, 'SELECT id, name FROM decks')) decks.set(Number(id), String(name).replaceAll('\x1f', '::'));
  } else {
    for (const d of Object.values(JSON.parse(String(decksJson || '{}')) as Record<string, { id: number; name: string }>)) decks.set(Number(d.id), d.name);
  }
  const notes: AnkiNote[] = rows(db, 'SELECT id, guid, mid, tags, flds FROM notes ORDER BY id').map(([id, guid, mid, tags, flds]) => ({
    id: Number(id),
    guid: String(guid),
    mid: Number(mid),
    tags: String(tags ?? '')
      .split(/\s+/)
      .filter(Boolean),
    fields: String(flds ?? '').split('\x1f')
  }));
  const cards: AnkiCard[] = rows(db, 'SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses FROM cards ORDER BY nid, ord').map((r) => {
    const [id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses] = r.map(Number);
    return { id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses };
  });
  const reviews: AnkiReview[] = tables.has('revlog')
    ? rows(db, 'SELECT cid, id, ease, type, time FROM revlog ORDER BY cid, id').map(([cid, id, ease, type, time]) => ({
        cid: Number(cid),
        time: Number(id),
        ease: Number(ease),
        type: Number(type),
        duration: Math.max(0, Number(time) || 0)
      }))
    : [];
  return { crt: Number(crt), notetypes, decks, notes, cards, reviews };
}

/** Rows are counted before any is read: a collection past the limits is refused without loading it. */
function checkRowCounts(db: Database, tables: Set<string>): void {
  const rowsIn = (table: string) => Number(rows(db, `SELECT count(*) FROM ${table}`)[0]?.[0] ?? 0);
  const cards = rowsIn('cards');
  if (cards > CARD_LIMIT) throw new ImportError(`the collection has ${count(cards)} cards; the limit is ${count(CARD_LIMIT)} cards per import`);
  const notes = rowsIn('notes');
  if (notes > CARD_LIMIT) throw new ImportError(`the collection has ${count(notes)} notes; the limit is ${count(CARD_LIMIT)} notes per import`);
  const reviews = tables.has('revlog') ? rowsIn('revlog') : 0;
  if (reviews > REVIEW_LIMIT) throw new ImportError(`the collection has ${count(reviews)} reviews; the limit is ${count(REVIEW_LIMIT)} per import`);
}

/**
 * Anki declares text columns with its own "unicase" collation, which SQLite outside Anki does
 * not have ("no query solution"). Reading needs no collation, so this private in-memory copy
 * drops it from the schema and is reopened.
 */
function withoutAnkiCollation(SQL: SqlJsStatic, db: Database): Database {
  const uses = Number(rows(db, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%collate unicase%'")[0]?.[0] ?? 0);
  if (!uses) return db;
  db.run('PRAGMA writable_schema = ON');
  db.run("UPDATE sqlite_master SET sql = replace(replace(sql, 'COLLATE unicase', ''), 'collate unicase', '') WHERE sql LIKE '%collate unicase%'");
  db.run('PRAGMA writable_schema = OFF');
  const bytes = db.export();
  db.close();
  return new SQL.Database(bytes);
}

/** Opens the SQLite bytes and reads them; any SQLite failure becomes a specific message. */
export function openCollection(SQL: SqlJsStatic, bytes: Uint8Array, fileName: string): AnkiCollection {
  let db: Database | null = null;
  try {
    db = new SQL.Database(bytes);
    db = withoutAnkiCollation(SQL, db);
    return readCollection(db);
  } catch (error) {
    if (error instanceof ImportError) throw new ImportError(`"${fileName}": ${error.message}.`);
    const detail = error instanceof Error ? error.message : String(error);
    throw new ImportError(
      `"${fileName}" contains a damaged Anki collection: the SQLite database could not be read (${detail}). Export the deck from Anki again.`
    );
  } finally {
    db?.close();
  }
}
