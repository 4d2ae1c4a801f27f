/** What the import parsers produce: plain data, cloneable between the worker and the page. */

import type { ReviewLogRow } from '../db/schema';

export type ImportFormat = 'csv' | 'anki-text' | 'markdown' | 'apkg';

/** How the text of delimited fields is meant. */
export type FieldFormat = 'plain' | 'markdown' | 'html';

export interface ImportedCard {
  /**
   * Stable key within the source (Anki note guid + card ordinal, the id column, the Markdown
   * card id, or a hash of the front); the stored card id is `${deckId}:${key}`.
   */
  key: string;
  /**
   * The note the card was made from, within the source, when a note makes several cards (an Anki
   * note's guid `a:<guid>`; a text file's reversed or cloze row): the stored noteId (db/note-id.ts).
   */
  note?: string;
  /** Card text as stored: Markdown, or HTML behind HTML_CARD_PREFIX (see card-html.ts). */
  front: string;
  back: string;
  more?: string;
  tags: string[];
  /** Where it came from, for messages: "line 12", "note 1650000000000". */
  where: string;
  /** Scheduling state carried over from the source (Anki review history), if any. */
  schedule?: ImportedSchedule;
  /** An Anki "type in the answer" card ({{type:Field}}): what is to be typed (stored on the card row). */
  typeIn?: TypeInAnswer;
  /** The deck the source puts this card in (Anki's `#deck column:`, "Parent::Child"): one imported deck per name. */
  deck?: string;
  /**
   * The card's answers in the source (an Anki package's revlog), oldest first, as flat triples
   * (revlog id = epoch ms, rating 1-4, duration ms): stored as review-log rows (history.ts).
   */
  answers?: number[];
}

/**
 * One answer from an Anki package's revlog, as a review-log row without its ids. Rating, time and
 * duration are Anki's own; the FSRS fields and `before` are reconstructed (history.ts).
 */
/** One answer from an Anki package's revlog: a review-log row before it has its ids and deck. */
export type ImportedReview = Omit<ReviewLogRow, 'id' | 'cardId' | 'deckId' | 'seq'> & {
  /** Anki's revlog id (the answer's epoch ms, unique in the collection): the log row's id is made from it. */
  revlogId: number;
};

export interface TypeInAnswer {
  /** The note field typed against ("Back"; "Text" for a cloze). */
  field: string;
  /** The right answer as plain text (HTML removed); for a cloze, this card's deletions joined by ", " as Anki does. */
  expected: string;
  /** True for {{type:cloze:Text}}. */
  cloze: boolean;
}

export interface ImportedSchedule {
  due: number;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: number | null;
  suspended: boolean;
}

export interface ImportProblem {
  /** "line 12", "row 4", "note 1650000000000", or "file". */
  where: string;
  /** 1-based line in the file when known (sorting, tests). */
  line?: number;
  message: string;
  /** Errors mean the row was not imported; warnings do not stop anything. */
  severity: 'error' | 'warning';
}

export interface ImportedMedia {
  /** Content hash of the bytes; card HTML refers to it as data-media="<deckId>:<hash>" once stored. */
  hash: string;
  name: string;
  mime: string;
  data: Uint8Array;
}

/** Column roles of a delimited file. -1 means "none". */
export interface ColumnMapping {
  front: number;
  back: number;
  tags: number;
  id: number;
  more: number;
}

export interface DelimitedInfo {
  delimiter: string;
  hasHeader: boolean;
  /** True when the header row was recognised (front/back/... names); the UI opens the column picker otherwise. */
  headerRecognised: boolean;
  columnNames: string[];
  columnCount: number;
  mapping: ColumnMapping;
  fieldFormat: FieldFormat;
  /** Up to five data rows, for the column picker. */
  sample: string[][];
}

/** Choices the user can change in the preview (delimited files only). */
export interface DelimitedOptions {
  delimiter?: string;
  hasHeader?: boolean;
  mapping?: ColumnMapping;
  fieldFormat?: FieldFormat;
}

export interface ParsedImport {
  fileName: string;
  format: ImportFormat;
  /** Deck name suggested from the file (deck in the file, else the file name). */
  suggestedTitle: string;
  description: string;
  cards: ImportedCard[];
  problems: ImportProblem[];
  media: ImportedMedia[];
  delimited?: DelimitedInfo;
  /**
   * The decks the file's cards belong to, in the order first met, when the file names them per
   * note (Anki's `#deck column:`): each card's `deck` is one of these names.
   */
  decks?: { name: string; cards: number }[];
  /**
   * The identity of the deck the file holds, when the file states one (a Markdown deck's `id:`):
   * re-importing finds the deck made from it by this, never by title (import/identity.ts).
   */
  deckKey?: string;
  /** An Anki package's note-type CSS by note type key (see DeckRow.noteTypeCss): kept on the deck the cards go to. */
  noteTypeCss?: Record<string, string>;
  /** Content hash of the file, stored on the deck row. */
  hash: string;
}

/** The whole file is unusable: one specific message, nothing is written. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
