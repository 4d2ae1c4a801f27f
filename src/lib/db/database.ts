import Dexie, { type EntityTable, type Table } from 'dexie';
import { supersededByNewerVersion, upgradeBlocked, upgradeUnblocked } from './connection-status';
import { DATABASE_NAME, E2E_NEXT_SCHEMA, NATIVE_SCHEMA_VERSION, SCHEMA_VERSION } from './identity';
import { noteConnectionLost, onConnectionLost } from './log-seal';
import { isGatewayTransaction, writeOutsideGateway } from './gateway-guard';
import { closeOnPageFreeze, trackTransaction } from './page-freeze';
import { diskNearlyFullError } from './write-errors';
import { noteIdFromCardId } from './note-id';
import { writesRefused } from './write-outcomes';
import type { OutboxRow } from './change-feed';
import type { IndexProgressRow } from './search-words';
import type { OrdinalIdsRow, PostingRow, StoredCardWords } from './word-postings';
import type { CardRow, DeckRow, MediaRow, ReviewLogRow, SettingRow } from './schema';

export { DATABASE_NAME };

/**
 * The database's schema and its versions: Dexie creates and upgrades it here; raw.ts opens it at
 * the current version for the hot paths. Every index below exists for a query named beside it;
 * docs/ARCHITECTURE.md explains each. Writes go through the gateway (gateway.ts, gateway-raw.ts).
 */
export class FlashcardDatabase extends Dexie {
  decks!: EntityTable<DeckRow, 'id'>;
  cards!: EntityTable<CardRow, 'id'>;
  reviewLogs!: EntityTable<ReviewLogRow, 'id'>;
  settings!: EntityTable<SettingRow, 'key'>;
  media!: EntityTable<MediaRow, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  cardWords!: EntityTable<StoredCardWords | IndexProgressRow, 'id'>;
  wordPostings!: Table<PostingRow, [string, number]>;
  wordIds!: EntityTable<OrdinalIdsRow, 'seg'>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      decks: 'id, position',
      // [deckId+queue+due]: due learning/review cards of a deck and per-queue counts;
      // [deckId+queue+ord]: new cards in deck order; *tags: filter by tag.
      cards: 'id, deckId, [deckId+queue+due], [deckId+queue+ord], [queue+due], *tags',
      // [cardId+review]: one card's history (replay); [deckId+review]: today's answers per
      // deck (daily limits; until v4 also undo's latest answer); review: global history by time.
      reviewLogs: 'id, [cardId+review], [deckId+review], review',
      settings: 'key'
    });
    // v2: media files of imported decks (images shown offline), stored as Blobs by content id.
    this.version(2).stores({
      media: 'id, deckId'
    });
    // v3: [deckId+state+review] counts today's answers per deck by the card's prior state
    // (daily new and review limits) with index counts instead of reading the rows.
    this.version(3).stores({
      reviewLogs: 'id, [cardId+review], [deckId+review], [deckId+state+review], review'
    });
    // v4: [deckId+seq] finds the last answer recorded on this device in a deck (undo, and the
    // next seq when answering). Rows without seq are not in it: existing rows keep none (numbering
    // them would rewrite the whole log during the upgrade), so answers from before it are not undone.
    this.version(4).stores({
      reviewLogs: 'id, [cardId+review], [deckId+review], [deckId+state+review], [deckId+seq], review'
    });
    // v5: the change feed (change-feed.ts): local changes in commit order, for sync to push.
    this.version(5).stores({
      outbox: '++seq'
    });
    // v6: noteId finds a card's siblings (cards of the same note) to bury them when it is answered.
    // Imported cards whose id shows their note (an Anki note's `a:<guid>.<ord>`, a text cloze's
    // `h:<hash>.c<n>`) get it now (srs/note-id.ts); cards without a note are not in the index.
    this.version(6)
      .stores({
        cards: 'id, deckId, [deckId+queue+due], [deckId+queue+ord], [queue+due], *tags, noteId'
      })
      .upgrade((tx) =>
        tx
          .table<CardRow, string>('cards')
          .filter((card) => !card.noteId && noteIdFromCardId(card.id, card.deckId) !== undefined)
          .modify((card) => {
            card.noteId = noteIdFromCardId(card.id, card.deckId);
          })
      );
    // v7: the word index of Browse search (word-postings.ts): cardWords, per card its words;
    // wordPostings, per [word+seg] the ids of the cards with that word. The gateway writes both with
    // the cards. Cards from before v7 are indexed after the upgrade, in the background
    // (search-index-build.ts), not in it: at 50k cards that would hold the app's start for seconds.
    this.version(7).stores({
      cardWords: 'id',
      wordPostings: '[word+seg]'
    });
    // v8: the word index by card ordinals (word-postings.ts): posting rows hold ordinals as a
    // Uint32Array, wordIds turns them back into card ids. The v7 rows (card ids as strings) are
    // emptied here and the index is built again in the background, as after v7 (search reads by
    // scan until then): converting 50k cards' rows inside the upgrade would hold the app's start.
    this.version(8)
      .stores({
        wordIds: 'seg'
      })
      .upgrade((tx) => Promise.all([tx.table('cardWords').clear(), tx.table('wordPostings').clear()]));
    if (E2E_NEXT_SCHEMA) {
      // Test-only, compiled out of real builds: the update e2e test's next version indexes cards by
      // updatedAt, so deploying it upgrades the database (IndexedDB builds the index over every row).
      this.version(9).stores({
        cards: 'id, deckId, [deckId+queue+due], [deckId+queue+ord], [queue+due], *tags, noteId, updatedAt'
      });
    }
    // A new version above must also raise SCHEMA_VERSION (identity.ts), which the fast first read checks.
    // The browser closes connections itself after a failed write (log-seal.ts). On every open;
    // not Dexie's 'close' event, which also fires when the app closes the database on purpose.
    this.on('ready', (db) => void (db as Dexie).backendDB().addEventListener('close', noteConnectionLost), true);
    // Dexie's writes are refused outside the write gateway (gateway-guard.ts), and once the disk
    // guard found the disk nearly full (disk-guard.ts).
    this.use({
      stack: 'dbcore',
      name: 'gateway-and-disk-guard',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return {
            ...table,
            mutate: (req) => {
              if ((req.trans as IDBTransaction).mode !== 'versionchange' && !isGatewayTransaction(req.trans)) return Promise.reject(writeOutsideGateway(name));
              return writesRefused() ? Promise.reject(diskNearlyFullError()) : table.mutate(req);
            }
          };
        }
      })
    });
    if (this.verno !== SCHEMA_VERSION) throw new Error(`SCHEMA_VERSION is ${SCHEMA_VERSION} but the newest Dexie version is ${this.verno}`);
  }
}

let instance: FlashcardDatabase | null = null;

/** The app's database, opened lazily on first use. */
export function database(): FlashcardDatabase {
  if (!instance) {
    const db = (instance = watchOtherVersions(new FlashcardDatabase()));
    // After a failed write this page opens nothing until it is reloaded (log-seal.ts).
    onConnectionLost(() => db.close({ disableAutoOpen: true }));
    // Left for another page in the back/forward cache: let go of the database (page-freeze.ts).
    db.use({
      stack: 'dbcore',
      name: 'page-freeze',
      create: (down) => ({ ...down, transaction: (stores, mode, options) => trackTransaction(down.transaction(stores, mode, options) as IDBTransaction) })
    });
    closeOnPageFreeze(() => db.close({ disableAutoOpen: true }));
  }
  return instance;
}

/**
 * Another tab with another version of the app: while an older one holds the database open,
 * this one's upgrade waits (the screen says so); when a newer one wants to upgrade, this one
 * closes for good (Dexie would reopen it on the next query, onto a schema it does not know).
 */
function watchOtherVersions(db: FlashcardDatabase): FlashcardDatabase {
  db.on('blocked', (event) => {
    if ((event.newVersion ?? 0) > event.oldVersion) upgradeBlocked();
  });
  db.on('ready', () => upgradeUnblocked(), true);
  db.on('versionchange', (event) => {
    // A deletion (newVersion null) is not an upgrade: Dexie's own handler closes and reopens.
    if ((event.newVersion ?? 0) <= NATIVE_SCHEMA_VERSION) return;
    db.close({ disableAutoOpen: true });
    supersededByNewerVersion();
    return false; // runs before Dexie's own handler, which would allow reopening
  });
  return db;
}
