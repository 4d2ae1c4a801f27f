import type { FlashcardDatabase } from '../../db/database';
import { ensureDatabaseId } from './database-state';
import { checkDatabase, recordDatabaseState } from './database-reset.svelte';
import { isLoss } from './marker';

/**
 * At start-up, before the built-in decks are created on an empty database: compare it with the
 * marker (a loss shows the notice at once), give it an id if it has none, and refresh the
 * marker a moment later when all is well (new users get their first one).
 */
export async function checkDatabaseAtStart(db: FlashcardDatabase): Promise<void> {
  const verdict = await checkDatabase(db);
  await ensureDatabaseId(db);
  if (!isLoss(verdict)) setTimeout(() => void recordDatabaseState(db).catch(() => undefined), 3000);
}
