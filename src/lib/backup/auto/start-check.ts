import type { FlashcardDatabase } from '../../db/database';
import { noteNothingToLose } from '../../db/write-outcomes';
import { ensureDatabaseId } from './database-id';
import { checkDatabase, recordDatabaseState } from './database-reset.svelte';

/**
 * At start-up, before the built-in decks are created on an empty database: compare it with the
 * marker (a loss shows the notice at once), give it an id if it has none, and refresh the
 * first marker a moment later for a new user (or one from before markers).
 */
export async function checkDatabaseAtStart(db: FlashcardDatabase): Promise<void> {
  try {
    const verdict = await checkDatabase(db);
    // A new user's empty database: its first writes need not wait for the disk guard (write-outcomes.ts).
    if (verdict.kind === 'first-run' && (await db.cards.count()) === 0 && (await db.reviewLogs.count()) === 0) noteNothingToLose();
    await ensureDatabaseId(db);
    if (verdict.kind === 'first-run') setTimeout(() => void recordDatabaseState(db).catch(() => undefined), 3000);
  } catch (error) {
    // The check must never keep the app from opening; the database's own errors show on the page.
    console.warn('database check skipped:', error);
  }
}
