import { checkDatabaseAtStart } from '../backup/auto/start-check';
import { unburyDue } from '../cards/actions';
import { database, type FlashcardDatabase } from '../db/database';
import { reloadNeeded, roomToReopen, sealLogIfNeeded } from '../db/log-seal';
import { OUT_OF_SPACE } from '../db/write-errors';
import { syncBuiltinDecks } from '../decks/sync';
import { renderBacklogWhenIdle } from './html-backlog-runner';

let ready: Promise<FlashcardDatabase> | null = null;
let builtinSync: Promise<boolean> | null = null;

/**
 * Opens the database for the pages. On the very first run the built-in decks are merged before
 * anything is shown; after that the merge of this app version's decks runs beside the first
 * screen (it only changes anything after an app update), so start-up does not wait on it.
 */
export function appDatabase(baseUrl: string): Promise<FlashcardDatabase> {
  ready ??= (async () => {
    const db = database();
    // After a write failed for space, open only with room to seal right after (log-seal.ts).
    if (reloadNeeded() || !(await roomToReopen())) throw new DOMException(OUT_OF_SPACE, 'QuotaExceededError');
    // After a failed open (a full disk) Dexie rejects every call with that error until open() is called again.
    if (!db.isOpen()) await db.open();
    await sealLogIfNeeded();
    // Before the built-in decks are created on a database that came back empty: notice the loss.
    await checkDatabaseAtStart(db);
    builtinSync = syncBuiltinDecks(db, baseUrl).then(
      (changed) => changed > 0,
      (error) => {
        console.warn('built-in decks not updated:', error);
        return false;
      }
    );
    if ((await db.decks.count()) === 0) {
      // First run: nothing to show until the built-in decks are in.
      await builtinSync;
      if ((await db.decks.count()) === 0) throw new Error('the built-in decks could not be loaded; check the connection and try again');
    }
    await unburyDue(db, Date.now());
    // Cards imported or edited in an earlier visit may still wait for their stored HTML.
    void renderBacklogWhenIdle(db);
    return db;
  })();
  ready.catch(() => (ready = null)); // allow a retry after a failure
  return ready;
}

/** Resolves when this page load's built-in deck merge is done: true when it changed decks. */
export function builtinDecksSynced(): Promise<boolean> {
  return builtinSync ?? Promise.resolve(false);
}
