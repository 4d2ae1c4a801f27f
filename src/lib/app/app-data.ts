import { checkDatabaseAtStart } from '../backup/auto/start-check';
import { unburyDue } from '../cards/actions';
import { database, type FlashcardDatabase } from '../db/database';
import { DATABASE_OPENED_KEY } from '../db/identity';
import { reloadNeeded, roomToReopen, sealLogIfNeeded } from '../db/log-seal';
import { OUT_OF_SPACE } from '../db/write-errors';
import { prefetchedOrFetch } from '../decks/prefetch';
import { mergeBuiltinDecks, syncBuiltinDecks, type BuiltinDeckEntry } from '../decks/sync';
import { runInBackground } from './background-jobs';
import { afterFirstScreen } from '../pwa/first-screen';
import { renderBacklogWhenIdle } from './html-backlog-runner';
import { buildSearchIndexWhenIdle } from '../cards/search-index-build';

let ready: Promise<FlashcardDatabase> | null = null;
let builtinSync: Promise<boolean> | null = null;

/** For the app shell's next start: this browser has the database (identity.ts). */
function noteDatabaseOpened(): void {
  try {
    if (localStorage.getItem(DATABASE_OPENED_KEY) === null) localStorage.setItem(DATABASE_OPENED_KEY, '1');
  } catch {
    // storage blocked: the shell asks indexedDB.databases() as before
  }
}

/**
 * Opens the database for the pages. On the very first run the built-in decks are merged before
 * anything is shown (only `firstDeck` when a page names the deck it opens: the others follow
 * once its first screen is painted); after that the merge of this app version's decks runs
 * beside the first screen (it only changes anything after an app update), so start-up does
 * not wait on it.
 */
export function appDatabase(baseUrl: string, firstDeck?: string): Promise<FlashcardDatabase> {
  ready ??= (async () => {
    const db = database();
    // After a write failed for space, open only with room to seal right after (log-seal.ts).
    if (reloadNeeded() || !(await roomToReopen())) throw new DOMException(OUT_OF_SPACE, 'QuotaExceededError');
    // After a failed open (a full disk) Dexie rejects every call with that error until open() is called again.
    if (!db.isOpen()) await db.open();
    noteDatabaseOpened();
    await sealLogIfNeeded();
    // Before the built-in decks are created on a database that came back empty: notice the loss.
    await checkDatabaseAtStart(db);
    let firstMerged!: () => void;
    const firstReady = new Promise<void>((resolve) => (firstMerged = resolve));
    const now = Date.now();
    // The decks after the one opened merge in the background worker: on the page they were the
    // long tasks after a first visit's first card (docs/BENCHMARK.md §28).
    const mergeRest = (decks: BuiltinDeckEntry[]) =>
      runInBackground({ kind: 'merge-decks', baseUrl: new URL(`${baseUrl}/`, location.href).href.slice(0, -1), decks, now }, () =>
        mergeBuiltinDecks(db, baseUrl, decks, now, prefetchedOrFetch)
      );
    const order = { first: firstDeck, onFirstMerged: firstMerged, restAfter: firstDeck ? afterFirstScreen() : undefined, mergeRest };
    builtinSync = syncBuiltinDecks(db, baseUrl, now, prefetchedOrFetch, order).then(
      (changed) => changed > 0,
      (error) => {
        console.warn('built-in decks not updated:', error);
        return false;
      }
    );
    const firstRun = (await db.decks.count()) === 0;
    if (firstRun) {
      // First run: nothing to show until the built-in decks (or the one opened) are in.
      await (firstDeck ? Promise.race([firstReady, builtinSync]) : builtinSync);
      if ((await db.decks.count()) === 0) throw new Error('the built-in decks could not be loaded; check the connection and try again');
    }
    await unburyDue(db, Date.now());
    // Cards imported or edited in an earlier visit may still wait for their stored HTML.
    void renderBacklogWhenIdle(db);
    // Browse search's word index, for cards written before it existed or on a first visit
    // (search-index-build.ts, in a worker). On a first visit only once every built-in deck has
    // merged, so it indexes them all in one pass. But still on the first visit: it writes MBs (and
    // LevelDB's flush and compaction after them), and a disk that fills meanwhile costs the origin's
    // storage (docs/STORAGE.md); then it holds nothing of the user's yet, while on the next start it
    // ran just as the user studied.
    const settled = firstRun ? builtinSync.then(() => afterFirstScreen()) : afterFirstScreen();
    settled.then(() => buildSearchIndexWhenIdle(db));
    return db;
  })();
  ready.catch(() => (ready = null)); // allow a retry after a failure
  return ready;
}

/** Resolves when this page load's built-in deck merge is done: true when it changed decks. */
export function builtinDecksSynced(): Promise<boolean> {
  return builtinSync ?? Promise.resolve(false);
}
