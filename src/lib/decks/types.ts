import type { CardHtml } from '../db/schema';

/** A card as written in a deck file, before it is stored. */
export interface DeckCard {
  id: string;
  front: string;
  back: string;
  /** Optional longer explanation shown under the back. */
  more?: string;
  tags: string[];
  /** 1-based line of the card's `## id` heading in its file. */
  line: number;
}

export interface DeckSource {
  id: string;
  title: string;
  description: string;
  parent?: string;
  file: string;
  cards: DeckCard[];
}

/** One validation problem, always located: `file:line: message`. */
export interface DeckProblem {
  file: string;
  line: number;
  message: string;
}

/** A card as the build step emits it. */
export type CompiledCard = Omit<DeckCard, 'line'> & {
  /**
   * Each side rendered and sanitized at build time (the app's own renderer over jsdom), so the
   * study screen shows built-in cards without loading marked and DOMPurify. Absent in decks
   * made without a renderer (tests): those cards are rendered when shown.
   */
  html?: CardHtml;
};

/** What the build step emits per deck and the app loads. */
export interface CompiledDeck {
  id: string;
  title: string;
  description: string;
  parent?: string;
  /** Content hash (text and HTML): the app re-syncs a built-in deck only when this changes. */
  hash: string;
  cards: CompiledCard[];
}

export interface CompiledManifest {
  /** Per deck: what the deck list shows before the deck is merged (first visit), and its file. */
  decks: { id: string; title: string; description?: string; hash: string; cardCount: number; file: string }[];
}

export function formatProblem(p: DeckProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}
