import { database, type FlashcardDatabase } from '../db/database';
import { syncBuiltinDecks } from '../decks/sync';
import { unburyDue } from '../cards/actions';

let ready: Promise<FlashcardDatabase> | null = null;

/**
 * Opens the database and merges the built-in decks shipped with this app version, once per
 * page load. Pages await this before reading anything. When the decks cannot be fetched
 * (offline before the service worker cached them) but some are stored, study goes on.
 */
export function appDatabase(baseUrl: string): Promise<FlashcardDatabase> {
  ready ??= (async () => {
    const db = database();
    try {
      await syncBuiltinDecks(db, baseUrl);
    } catch (error) {
      if ((await db.decks.count()) === 0) throw error;
      console.warn('built-in decks not updated:', error);
    }
    await unburyDue(db, Date.now());
    return db;
  })();
  ready.catch(() => (ready = null)); // allow a retry after a failure
  return ready;
}
