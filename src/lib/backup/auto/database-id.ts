import type { FlashcardDatabase } from '../../db/database';
import { transact } from '../../db/gateway';
import { uuidv7 } from '../../db/ids';
import { Store } from '../../db/stores';
import { DATABASE_ID_KEY } from './database-state';

/** The database's id, created on first use. */
export async function ensureDatabaseId(db: FlashcardDatabase): Promise<string> {
  return transact(db, [Store.settings], async (w) => {
    const id = ((await db.settings.get(DATABASE_ID_KEY))?.value as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') return id;
    const fresh = uuidv7();
    await w.putSetting(DATABASE_ID_KEY, { id: fresh, createdAt: Date.now() });
    return fresh;
  });
}
