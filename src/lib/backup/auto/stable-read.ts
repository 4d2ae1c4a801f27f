import type { FlashcardDatabase } from '../../db/database';
import { TABLE_NAMES, type TableCounts } from '../format';
import { readDatabaseState } from './database-state';

/** Thrown when the collection changed while an automatic backup read it page by page: try again later. */
export class BackupInterrupted extends Error {
  constructor() {
    super('the collection changed while the automatic backup was being written; it will be retried');
    this.name = 'BackupInterrupted';
  }
}

export interface Fingerprint {
  counts: TableCounts;
  latestLogId: string | null;
}

export async function fingerprint(db: FlashcardDatabase): Promise<Fingerprint> {
  const counts = {} as TableCounts;
  await Promise.all(TABLE_NAMES.map(async (t) => (counts[t] = await db.table(t).count())));
  return { counts, latestLogId: (await readDatabaseState(db)).latestLogId };
}

/**
 * Reading page by page in short transactions is not one snapshot: an answer between two pages
 * could leave a card's schedule and its log out of step. Answers add a log row (and imports and
 * deletions change counts), so an unchanged fingerprint means the pages agree.
 */
export async function assertUnchanged(db: FlashcardDatabase, before: Fingerprint): Promise<void> {
  const after = await fingerprint(db);
  if (after.latestLogId !== before.latestLogId || TABLE_NAMES.some((t) => after.counts[t] !== before.counts[t])) throw new BackupInterrupted();
}
