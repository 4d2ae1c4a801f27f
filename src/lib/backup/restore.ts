import type { Table } from 'dexie';
import type { FlashcardDatabase } from '../db/database';
import { transact, type Writer } from '../db/gateway';
import type { CardRow, DeckRow, MediaRow, ReviewLogRow, SettingRow } from '../db/schema';
import { DATA_STORES, Store } from '../db/stores';
import { TABLE_NAMES, countsOf, emptyCounts, type Backup, type TableCounts, type TableName } from './format';
import { mergeCard } from './merge';

export type RestoreMode = 'replace' | 'merge';

export interface RestorePlan {
  mode: RestoreMode;
  /** Rows on this device now. */
  current: TableCounts;
  /** Rows in the backup. */
  incoming: TableCounts;
  /** Merge: rows the backup adds. Replace: equals `incoming`. */
  added: TableCounts;
  /** Merge: cards on both sides whose stored row changes (newer text or newer schedule). */
  updatedCards: number;
}

export interface RestoreProgress {
  done: number;
  total: number;
}

/** The rows a merge writes, computed from the backup and what is stored. */
interface MergeWrites {
  decks: DeckRow[];
  newCards: CardRow[];
  updatedCards: CardRow[];
  reviewLogs: ReviewLogRow[];
  settings: SettingRow[];
  media: MediaRow[];
}

function tablesOf(db: FlashcardDatabase): Record<TableName, Table> {
  return { decks: db.decks, cards: db.cards, reviewLogs: db.reviewLogs, settings: db.settings, media: db.media };
}

async function currentCounts(db: FlashcardDatabase): Promise<TableCounts> {
  const tables = tablesOf(db);
  const counts = emptyCounts();
  for (const name of TABLE_NAMES) counts[name] = await tables[name].count();
  return counts;
}

/**
 * Merge rules (union by id; nothing stored is ever removed):
 * - review logs: union by their UUIDv7 id, so every review from both sides is kept;
 * - decks: added when missing; a deck on both sides keeps this device's row (decks carry no
 *   updatedAt to tell which is newer);
 * - cards: added when missing; on both sides see mergeCard (newer text wins, schedule of the side
 *   with the latest review);
 * - settings: keys missing here are added; this device's values are kept;
 * - media: added when missing (an id is the deck plus a hash of the bytes, so equal ids are equal files).
 */
async function mergeWrites(db: FlashcardDatabase, backup: Backup): Promise<MergeWrites> {
  const t = backup.tables;
  const localDeckIds = new Set(await db.decks.toCollection().primaryKeys());
  const localCards = await db.cards.bulkGet(t.cards.map((c) => c.id));
  const localLogIds = new Set(await db.reviewLogs.toCollection().primaryKeys());
  const localSettingKeys = new Set(await db.settings.toCollection().primaryKeys());
  const localMediaIds = new Set(await db.media.toCollection().primaryKeys());

  const newCards: CardRow[] = [];
  const updatedCards: CardRow[] = [];
  t.cards.forEach((incoming, i) => {
    const local = localCards[i];
    if (!local) newCards.push(incoming);
    else {
      const merged = mergeCard(local, incoming);
      if (merged !== local) updatedCards.push(merged);
    }
  });
  return {
    decks: t.decks.filter((d) => !localDeckIds.has(d.id)),
    newCards,
    updatedCards,
    reviewLogs: t.reviewLogs.filter((l) => !localLogIds.has(l.id)),
    settings: t.settings.filter((s) => !localSettingKeys.has(s.key)),
    media: t.media.filter((m) => !localMediaIds.has(m.id))
  };
}

/** What a restore would change, for the confirmation. Reads only. */
export async function planRestore(db: FlashcardDatabase, backup: Backup, mode: RestoreMode): Promise<RestorePlan> {
  return db.transaction('r', Object.values(tablesOf(db)), async () => {
    const current = await currentCounts(db);
    const incoming = countsOf(backup.tables);
    if (mode === 'replace') return { mode, current, incoming, added: incoming, updatedCards: 0 };
    const w = await mergeWrites(db, backup);
    return { mode, current, incoming, added: mergeAdded(w), updatedCards: w.updatedCards.length };
  });
}

function mergeAdded(w: MergeWrites): TableCounts {
  return { decks: w.decks.length, cards: w.newCards.length, reviewLogs: w.reviewLogs.length, settings: w.settings.length, media: w.media.length };
}

const CHUNK = 5000;

/** Writes one table's rows through the gateway (which derives each card's columns, `queue` among them). */
function putRows(w: Writer, name: TableName, rows: unknown[]): Promise<unknown> {
  if (name === Store.decks) return w.putDecks(rows as DeckRow[]);
  if (name === Store.cards) return w.putCards(rows as CardRow[]);
  if (name === Store.reviewLogs) return w.putLogs(rows as ReviewLogRow[]);
  if (name === Store.settings) return w.putSettings(rows as SettingRow[]);
  return w.putMedia(rows as MediaRow[]);
}

/**
 * Restores a validated backup in ONE read-write transaction over every table: either all of it
 * is written or, on any error, nothing (IndexedDB rolls the transaction back). Replace clears
 * every table and loads the backup; Merge adds and updates by the rules of mergeWrites. The
 * merge is computed inside the transaction, so it matches the data it is applied to. A card's
 * `queue` in the file is never trusted: the gateway derives it from the card's flags and state.
 */
export async function applyRestore(db: FlashcardDatabase, backup: Backup, mode: RestoreMode, onProgress?: (p: RestoreProgress) => void): Promise<RestorePlan> {
  return transact(db, DATA_STORES, async (w) => {
    const current = await currentCounts(db);
    const incoming = countsOf(backup.tables);
    let writes: Record<TableName, unknown[]>;
    let plan: RestorePlan;
    if (mode === 'replace') {
      // The backup was validated: no key appears twice in it, so puts into empty stores lose nothing.
      await w.clearAll();
      writes = backup.tables;
      plan = { mode, current, incoming, added: incoming, updatedCards: 0 };
    } else {
      const w = await mergeWrites(db, backup);
      writes = { decks: w.decks, cards: [...w.newCards, ...w.updatedCards], reviewLogs: w.reviewLogs, settings: w.settings, media: w.media };
      plan = { mode, current, incoming, added: mergeAdded(w), updatedCards: w.updatedCards.length };
    }
    const total = TABLE_NAMES.reduce((sum, name) => sum + writes[name].length, 0);
    let done = 0;
    onProgress?.({ done, total });
    for (const name of TABLE_NAMES) {
      const rows = writes[name];
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        await putRows(w, name, chunk);
        done += chunk.length;
        onProgress?.({ done, total });
      }
    }
    return plan;
  });
}
