import type { FlashcardDatabase } from '../../db/database';
import { transact } from '../../db/gateway';
import { uuidv7 } from '../../db/ids';
import { Store } from '../../db/stores';
import { DATABASE_ID_KEY } from './database-state';

/** The database's id, created on first use. */
export async function ensureDatabaseId(db: FlashcardDatabase): Promise<string> {
  // Read first: a write transaction on every start would wait for the disk guard's first probe.
  const existing = await readId(db);
  if (existing) return existing;
  return transact(db, [Store.settings], async (w) => {
    const id = await readId(db);
    if (id) return id;
    const fresh = uuidv7();
    await w.putSetting(DATABASE_ID_KEY, { id: fresh, createdAt: Date.now() });
    return fresh;
  });
}

async function readId(db: FlashcardDatabase): Promise<string | undefined> {
  const id = ((await db.settings.get(DATABASE_ID_KEY))?.value as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}
