import { database, type FlashcardDatabase } from '../db/database';
import { syncBuiltinDecks } from '../decks/sync';

let ready: Promise<FlashcardDatabase> | null = null;

/**
 * Opens the database and merges the built-in decks shipped with this app version, once per
 * page load. Pages await this before reading anything.
 */
export function appDatabase(baseUrl: string): Promise<FlashcardDatabase> {
  ready ??= (async () => {
    const db = database();
    await syncBuiltinDecks(db, baseUrl);
    return db;
  })();
  ready.catch(() => (ready = null)); // allow a retry after a failure
  return ready;
}
