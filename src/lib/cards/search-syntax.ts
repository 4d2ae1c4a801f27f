import { wordsIn } from '../db/search-words';

/** What `is:` can ask for, as in Anki. */
export const IS_STATES = ['due', 'new', 'learn', 'review', 'suspended', 'buried'] as const;
export type IsState = (typeof IS_STATES)[number];

/**
 * One term of a search. `text`: words that must start card words, one after another (a bare
 * word is one; a "phrase", or a word with punctuation inside such as ip_forward, is several).
 */
export type SearchTerm = { negate: boolean } & (
  { kind: 'text'; words: string[] } | { kind: 'deck'; name: string } | { kind: 'tag'; name: string } | { kind: 'is'; state: IsState }
);

export interface ParsedSearch {
  terms: SearchTerm[];
  /** A term the parser could not read, said in words (the search is not run). */
  error: string | null;
}

/** A term: optional `-`, optional `field:`, then a "quoted" or bare value. */
const TERM = /(-?)(?:([a-z]+):)?(?:"([^"]*)"?|(\S*))/gi;

/**
 * Anki's search basics: words (all must match, each the start of a word of the card), "a phrase",
 * -exclude (any term), deck:name (and its subdecks), tag:name (and name::child), is:due, is:new,
 * is:learn, is:review, is:suspended, is:buried. A `*` in a deck or tag name stands for any text
 * (deck:sql*, tag:*linux*). Case never matters.
 */
export function parseSearch(text: string): ParsedSearch {
  const terms: SearchTerm[] = [];
  for (const m of text.matchAll(TERM)) {
    const negate = m[1] === '-';
    const field = m[2]?.toLowerCase();
    const value = m[3] ?? m[4] ?? '';
    if (field === 'deck' || field === 'tag') {
      if (!value) return { terms, error: `Say which ${field} after “${field}:”.` };
      terms.push({ kind: field, name: value.toLowerCase(), negate });
    } else if (field === 'is') {
      const state = value.toLowerCase() as IsState;
      if (!IS_STATES.includes(state)) return { terms, error: `“is:${value}” is not a card state: use ${IS_STATES.map((s) => `is:${s}`).join(', ')}.` };
      terms.push({ kind: 'is', state, negate });
    } else {
      // An unknown field ("c:" in "c:\\temp") is text, like the rest.
      const words = wordsIn(field ? `${m[2]}:${value}` : value);
      if (words.length) terms.push({ kind: 'text', words, negate });
    }
  }
  return { terms, error: null };
}

/**
 * Whether a deck or tag name matches a deck: or tag: term's name (both lower case): the same name, or
 * with `*` standing for any text; `children` also lets `name::child` match (a tag's children).
 */
export function nameMatcher(pattern: string, children = false): (name: string) => boolean {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^(?:${body})${children ? '(?:::.*)?' : ''}$`, 's');
  return (name) => re.test(name);
}
