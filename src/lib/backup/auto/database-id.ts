import type { FlashcardDatabase } from '../../db/database';
import { uuidv7 } from '../../db/ids';
import { DATABASE_ID_KEY } from './database-state';

/** The database's id, created on first use. */
export async function ensureDatabaseId(db: FlashcardDatabase): Promise<string> {
  return db.transaction('rw', db.settings, async () => {
    const id = ((await db.settings.get(DATABASE_ID_KEY))?.value as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') return id;
    const fresh = uuidv7();
    await db.settings.put({ key: DATABASE_ID_KEY, value: { id: fresh, createdAt: Date.now() } });
    return fresh;
  });
}
