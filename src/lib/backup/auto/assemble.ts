import { BackupError, TABLE_NAMES, type TableCounts } from '../format';
import type { RawBackup } from '../validate';

/** The header field that makes a backup file an increment. */
export interface IncrementInfo {
  /** The id of the full snapshot it applies to. */
  base: string;
  /** Rows per table of the whole collection when the increment was taken. */
  totals: TableCounts;
}

type Row = Record<string, unknown>;

function byKey(rows: unknown[], key: string): Map<unknown, unknown> {
  return new Map(rows.map((r) => [(r as Row)[key], r]));
}

/**
 * A full snapshot plus one increment (every change since that snapshot) as one backup, ready
 * for the usual validation and restore. The increment holds every deck, setting and the cards
 * that changed or are new (they replace the snapshot's rows by id), and the review-log rows and
 * media added since. Throws when the result does not have the row counts the increment
 * recorded (a wrong snapshot, or files that do not belong together).
 */
export function assembleIncrement(snapshot: RawBackup, increment: RawBackup): RawBackup {
  const info = increment.header.increment as IncrementInfo | undefined;
  if (!info) throw new BackupError('This automatic backup is not an increment.', 'invalid');
  const s = snapshot.tables;
  const i = increment.tables;
  const cards = byKey(s.cards ?? [], 'id');
  for (const [id, row] of byKey(i.cards ?? [], 'id')) cards.set(id, row);
  const logs = byKey(s.reviewLogs ?? [], 'id');
  for (const [id, row] of byKey(i.reviewLogs ?? [], 'id')) if (!logs.has(id)) logs.set(id, row);
  const media = byKey(s.media ?? [], 'id');
  for (const [id, row] of byKey(i.media ?? [], 'id')) if (!media.has(id)) media.set(id, row);
  const tables: Record<string, unknown[]> = {
    decks: i.decks ?? [],
    cards: [...cards.values()],
    reviewLogs: [...logs.values()],
    settings: i.settings ?? [],
    media: [...media.values()]
  };
  const wrong = TABLE_NAMES.filter((t) => tables[t].length !== info.totals[t]);
  if (wrong.length) {
    const what = wrong.map((t) => `${t}: ${tables[t].length} instead of ${info.totals[t]}`).join(', ');
    throw new BackupError(`This automatic backup does not add up with its snapshot (${what}). Nothing was changed.`, 'invalid');
  }
  const { increment: _info, ...header } = increment.header;
  return { header: { ...header, counts: { ...info.totals } }, tables };
}
