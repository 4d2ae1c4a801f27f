/**
 * The names of the database's object stores and indexes, defined once. Code outside src/lib/db
 * names a store or index only through these constants, so a rename is one edit and a typo is a
 * type error. Every index is explained beside its Dexie version in database.ts.
 */
export const Store = {
  decks: 'decks',
  cards: 'cards',
  reviewLogs: 'reviewLogs',
  settings: 'settings',
  media: 'media',
  /** The change feed: local changes in the order they committed, while sync is configured (change-feed.ts). */
  outbox: 'outbox',
  /** The word index of Browse search (search-words.ts): derived from cards by the gateway, never backed up or synced. */
  cardWords: 'cardWords',
  /** The word index's posting lists: per word and segment, the ordinals of the cards with it (word-postings.ts). */
  wordPostings: 'wordPostings',
  /** The word index's card ids by ordinal, one row per segment (word-postings.ts). */
  wordIds: 'wordIds'
} as const;
export type StoreName = (typeof Store)[keyof typeof Store];

/** The stores that hold the user's data (everything a backup carries). */
export const DATA_STORES = [Store.decks, Store.cards, Store.reviewLogs, Store.settings, Store.media] as const;
export type DataStoreName = (typeof DATA_STORES)[number];

/** The stores a Writer writes: the user's data, and the word index it derives from cards. */
export type WrittenStoreName = DataStoreName | typeof Store.cardWords | typeof Store.wordPostings | typeof Store.wordIds;

/** A gateway transaction's stores: with cards comes the word index the Writer keeps beside them. */
export function withDerivedStores(stores: readonly DataStoreName[]): WrittenStoreName[] {
  return stores.includes(Store.cards) ? [...stores, Store.cardWords, Store.wordPostings, Store.wordIds] : [...stores];
}

export const DeckIndex = {
  position: 'position'
} as const;

export const CardIndex = {
  deckId: 'deckId',
  /** Due learning/review cards of a deck, and per-queue counts. */
  deckQueueDue: '[deckId+queue+due]',
  /** New cards of a deck in deck order. */
  deckQueueOrd: '[deckId+queue+ord]',
  /** Cards of one queue across decks by due (unburying). */
  queueDue: '[queue+due]',
  tags: 'tags',
  /** The cards of one note (siblings), for burying them when one is answered. */
  noteId: 'noteId'
} as const;

export const LogIndex = {
  /** One card's history in time order (replay). */
  cardReview: '[cardId+review]',
  /** A deck's answers in a time range (today's answers). */
  deckReview: '[deckId+review]',
  /** Today's answers per deck by the card's prior state (daily limits). */
  deckStateReview: '[deckId+state+review]',
  /** A deck's answers in order of recording on this device (undo). */
  deckSeq: '[deckId+seq]',
  review: 'review'
} as const;

export const MediaIndex = {
  deckId: 'deckId'
} as const;

export const WordPostingsIndex = {
  /** The primary key: a word's rows, or the rows of every word starting so, in one range. */
  wordSeg: '[word+seg]'
} as const;
