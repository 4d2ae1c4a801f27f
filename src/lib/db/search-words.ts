import { decodeHtmlEntities } from '../cards/html-entities';
import type { CardRow } from './schema';

/** A word: letters and digits (`ip_forward` is `ip` and `forward`, `O(n)` is `o` and `n`). */
const WORD = /[\p{L}\p{N}]+/gu;
const HTML_TAG = /<[^>]*>/g;

/** The words of `text` in order, lowercased, HTML tags left out and entities decoded. */
export function wordsIn(text: string): string[] {
  // Most text has no markup: skip the passes that would find nothing (this runs for every card imported).
  const plain = text.includes('<') ? text.replace(HTML_TAG, ' ') : text;
  return (plain.includes('&') ? decodeHtmlEntities(plain) : plain).toLowerCase().match(WORD) ?? [];
}

/** What search reads of a card: both sides, the "more" part and the tags. */
export function searchableText(card: Pick<CardRow, 'front' | 'back' | 'more' | 'tags'>): string {
  return `${card.front}\n${card.back}\n${card.more ?? ''}\n${card.tags.join(' ')}`;
}

/**
 * A card's words joined by single spaces, for the scan's checks (search.ts): a query word
 * matches where ` ${word}` occurs in ` ${text}`, the start of a card word, as the index finds it.
 */
export function wordText(card: Pick<CardRow, 'front' | 'back' | 'more' | 'tags'>): string {
  return wordsIn(searchableText(card)).join(' ');
}

/** A card's distinct words, as the word index (word-postings.ts) holds them. */
export interface CardWords {
  id: string;
  words: string[];
}

/** The words a card is found by, or null when search never shows it (deleted, or retired from its deck). */
export function cardWords(card: CardRow): CardWords | null {
  if (card.deleted || card.retired) return null;
  return { id: card.id, words: [...new Set(wordsIn(searchableText(card)))] };
}

/**
 * The word index's progress row (in the cardWords store under key ''): `done` once every card
 * written before the index (schema version 8) is indexed, else the last card id indexed so far;
 * `nextOrd`, the ordinal the next card entering the index gets (word-postings.ts); `pending`,
 * ranges of card ids a bulk write (an import) left to the background build, each from `from`
 * (advanced as the build goes) to `to`, both included.
 */
export const INDEX_PROGRESS_KEY = '';
export interface IndexProgressRow {
  id: typeof INDEX_PROGRESS_KEY;
  done: boolean;
  after?: string;
  nextOrd?: number;
  pending?: PendingRange[];
}
export interface PendingRange {
  from: string;
  to: string;
}

/** Whether the index covers every card: built, and no bulk write's cards still waiting. */
export function indexComplete(progress: IndexProgressRow | undefined): boolean {
  return !!progress?.done && !progress.pending?.length;
}

/** Whether a write of card `id` updates the index now, or leaves it to the background build (which has not reached it). */
export function indexedNow(progress: IndexProgressRow | undefined, id: string): boolean {
  if (!progress?.done && id > (progress?.after ?? '')) return false;
  return !progress?.pending?.some((r) => id >= r.from && id <= r.to);
}
