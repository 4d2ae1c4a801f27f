import { read, request, type Readable } from '../../db/raw';
import type { SettingRow } from '../../db/schema';

/** Settings row holding a random id given to the database when it is created (or first seen). */
export const DATABASE_ID_KEY = 'database-id';

/** What start-up compares with the marker: cheap reads only (one row, one key), no counting. */
export interface DatabaseState {
  dbId: string | null;
  /** Review-log ids are UUIDv7, so the greatest is the newest answer. */
  latestLogId: string | null;
}

export async function readDatabaseState(source: Readable): Promise<DatabaseState> {
  return read(source, ['settings', 'reviewLogs'], async (tx) => {
    const [row, cursor] = await Promise.all([
      request<SettingRow | undefined>(tx.objectStore('settings').get(DATABASE_ID_KEY)),
      request(tx.objectStore('reviewLogs').openKeyCursor(null, 'prev'))
    ]);
    const id = (row?.value as { id?: unknown } | undefined)?.id;
    return { dbId: typeof id === 'string' ? id : null, latestLogId: cursor ? String(cursor.key) : null };
  });
}

/** Card and review counts (index counts, no rows read), for the marker and the notice. */
export async function readDatabaseCounts(source: Readable): Promise<{ cards: number; reviews: number }> {
  return read(source, ['cards', 'reviewLogs'], async (tx) => {
    const [cards, reviews] = await Promise.all([request(tx.objectStore('cards').count()), request(tx.objectStore('reviewLogs').count())]);
    return { cards, reviews };
  });
}
