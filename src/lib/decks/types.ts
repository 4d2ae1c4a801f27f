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

/** What the build step emits per deck and the app loads. */
export interface CompiledDeck {
  id: string;
  title: string;
  description: string;
  parent?: string;
  /** Content hash: the app re-syncs a built-in deck only when this changes. */
  hash: string;
  cards: Omit<DeckCard, 'line'>[];
}

export interface CompiledManifest {
  decks: { id: string; title: string; hash: string; cardCount: number; file: string }[];
}

export function formatProblem(p: DeckProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}
