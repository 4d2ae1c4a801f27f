/** Rows of the one IndexedDB database. Times are epoch milliseconds. */

export type DeckSourceKind = 'builtin' | 'import' | 'user';

export interface DeckRow {
  id: string;
  title: string;
  description: string;
  parent?: string;
  source: DeckSourceKind;
  /** Hash of the deck file last merged (built-in decks re-sync when it changes; imports record the file's). */
  hash: string;
  /** Position in the deck list. */
  position: number;
  /** Hidden from the deck list by the user (built-in decks cannot be deleted, only hidden). */
  hidden?: boolean;
  /** Daily limits for this deck; unset means the global study settings. */
  newPerDay?: number;
  reviewsPerDay?: number;
  /**
   * Imported decks: the identity of the deck in the file it came from (a Markdown deck's id, or
   * `anki-deck:<name>` for a deck named in Anki's `#deck column:`), so importing that deck again
   * finds this one, never a deck that merely has the same title (import/identity.ts).
   */
  origin?: string;
  /** Study this deck by typing each answer (the typed text is compared with the card's answer). */
  typeAnswer?: boolean;
  /** Play a card's sounds by themselves: the question's when it is shown, the answer's on reveal (Anki's autoplay). */
  autoplay?: boolean;
  /**
   * Imported Anki decks: the CSS of the note types its cards use, by note type key (the
   * `data-notetype` of a card's wrapper), as the author wrote it. Never trusted: it is scoped and
   * filtered by the browser's own parser each time it is shown (render/notetype-css.ts).
   */
  noteTypeCss?: Record<string, string>;
}

/** Where a card sits for queue building; a number so it can be part of compound indexes. */
export const Queue = {
  New: 0,
  Learning: 1,
  Review: 2,
  Suspended: -1,
  /** Hidden until the next study day (buriedUntil). */
  Buried: -2,
  /** Removed from its built-in deck: kept with its history, hidden from study. */
  Retired: -3
} as const;
export type QueueValue = (typeof Queue)[keyof typeof Queue];

/**
 * A card's FSRS state, with the numbers of ts-fsrs' State (a unit test checks they match), so
 * code on the study screen's first paint can name states without loading ts-fsrs.
 */
export const CardState = {
  New: 0,
  Learning: 1,
  Review: 2,
  Relearning: 3
} as const;
export type CardStateValue = (typeof CardState)[keyof typeof CardState];

/** FSRS scheduling state, mirrored from ts-fsrs' Card with dates as numbers. */
export interface Schedule {
  due: number;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** CardState (ts-fsrs State): 0 New, 1 Learning, 2 Review, 3 Relearning. */
  state: number;
  lastReview: number | null;
}

/** Sanitized HTML of each side of a card, ready to put in the page. */
export interface CardHtml {
  front: string;
  back: string;
  more?: string;
}

export interface CardRow extends Schedule {
  id: string;
  deckId: string;
  /** Order of new cards within the deck. */
  ord: number;
  front: string;
  back: string;
  more?: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
  queue: QueueValue;
  suspended: boolean;
  retired: boolean;
  /** Set while buried: the start of the study day on which the card comes back. */
  buriedUntil?: number;
  /** 0 none, 1 red, 2 orange, 3 green, 4 blue (as Anki). */
  flag?: number;
  /** Deleted by the user: hidden everywhere, kept (with its history) so deletion can be undone. */
  deleted?: boolean;
  /** Text edited by the user: deck updates (built-in or re-import) keep the user's text (decks/merge-plan.ts). */
  edited?: boolean;
  /**
   * The card's HTML, rendered and sanitized by the app's own renderer (built-in cards when the
   * decks were compiled, other cards in the background after they are written: html-backlog.ts),
   * so the study screen needs no Markdown renderer. `source` is the hash of the text it was made
   * from (cardTextHash); it is shown only while that still matches (storedCardHtml). Never taken
   * from a backup or an import file. Not indexed, so no schema version.
   */
  rendered?: CardHtml & { source: string };
  /**
   * A type-in card (Anki's {{type:Field}}): the answer to type, as plain text, compared with what
   * the user types on the study screen (study/type-answer.ts).
   */
  typeIn?: { field: string; expected: string; cloze: boolean };
  /**
   * The note this card was made from, shared by its siblings (an Anki note's cards: reversed,
   * cloze c1..cN; a text import's reversed or cloze row), so an answer can bury them (srs/siblings.ts).
   * Set by the importer (`a:<guid>` for Anki notes, which are unique everywhere; `<deckId>:<key>` for
   * other notes); absent on cards that have no siblings. Indexed (`noteId`, schema version 6).
   */
  noteId?: string;
}

/** One answer. Append-only: only undo of the last answer given on this device deletes a row. */
export interface ReviewLogRow {
  /** Time-ordered unique id (UUIDv7), so logs from two devices merge by id. */
  id: string;
  cardId: string;
  deckId: string;
  /** 1 Again, 2 Hard, 3 Good, 4 Easy. */
  rating: number;
  /** When the answer was given. */
  review: number;
  /** Milliseconds from showing the question to answering. */
  duration: number;
  /** Card state before the answer (as ts-fsrs logs it). */
  state: number;
  due: number;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  /** Full schedule before the answer, so undo restores it exactly. */
  before: Schedule;
  /** The load balancer moved this answer's due date (srs/balance): replay takes it again (see LoadBalanced). */
  loadBalanced?: LoadBalanced;
  /**
   * Order of recording on this device within the deck (1, 2, …), given by the answer's own
   * transaction; undo takes the highest. Absent on rows this device did not record (restored or
   * merged from a backup, answered before schema version 4): those are never undone.
   */
  seq?: number;
  /**
   * What this answer did besides the card's schedule, so undo reverts exactly that: tags it added
   * (the leech tag), whether it suspended the card (a leech), the siblings it buried (srs/answer-effects.ts).
   */
  caused?: AnswerCaused;
}

/** The side effects of one answer (ReviewLogRow.caused). */
export interface AnswerCaused {
  tagged?: string[];
  suspended?: boolean;
  buried?: string[];
}

/**
 * An answer whose interval the load balancer chose: ts-fsrs' own fuzz gave `fuzzed` days, the
 * balancer `chosen` days (both in the same fuzz range). Replaying the log takes `chosen` whenever
 * the replay computes `fuzzed` again, so a replay depends only on the synced log and settings.
 */
export interface LoadBalanced {
  fuzzed: number;
  chosen: number;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

/** A media file (image) from an imported deck, referenced from card HTML by its id. */
export interface MediaRow {
  /** `<deckId>:<hash of the bytes>` (import/ids.ts): the same image twice in one deck is stored once. */
  id: string;
  deckId: string;
  /** File name used in the source deck, e.g. `diagram.png`. */
  name: string;
  mime: string;
  data: Blob;
  size: number;
}
