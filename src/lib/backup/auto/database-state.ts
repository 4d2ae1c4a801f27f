import { read, request, type Readable } from '../../db/raw';
import type { SettingRow } from '../../db/schema';
import { Store } from '../../db/stores';

/** Settings row holding a random id given to the database when it is created (or first seen). */
export const DATABASE_ID_KEY = 'database-id';

/** What start-up compares with the marker: cheap reads only (one row, one key), no counting. */
export interface DatabaseState {
  dbId: string | null;
  /** Review-log ids are UUIDv7, so the greatest is the newest answer. */
  latestLogId: string | null;
}

export async function readDatabaseState(source: Readable): Promise<DatabaseState> {
  return read(source, [Store.settings, Store.reviewLogs], async (tx) => {
    const [row, cursor] = await Promise.all([
      request<SettingRow | undefined>(tx.objectStore(Store.settings).get(DATABASE_ID_KEY)),
      request(tx.objectStore(Store.reviewLogs).openKeyCursor(null, 'prev'))
    ]);
    const id = (row?.value as { id?: unknown } | undefined)?.id;
    return { dbId: typeof id === 'string' ? id : null, latestLogId: cursor ? String(cursor.key) : null };
  });
}

/** Card and review counts (index counts, no rows read), for the marker and the notice. */
export async function readDatabaseCounts(source: Readable): Promise<{ cards: number; reviews: number }> {
  return read(source, [Store.cards, Store.reviewLogs], async (tx) => {
    const [cards, reviews] = await Promise.all([request(tx.objectStore(Store.cards).count()), request(tx.objectStore(Store.reviewLogs).count())]);
    return { cards, reviews };
  });
}
