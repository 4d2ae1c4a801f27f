import type { DeckProblem, DeckSource } from './types';

/**
 * Checks what a single file cannot: ids unique across all decks, parents that exist, and
 * (for built-in decks) tags from the known list.
 */
export function validateDecks(decks: DeckSource[], knownTags?: Set<string>): DeckProblem[] {
  const problems: DeckProblem[] = [];
  const deckIds = new Map<string, DeckSource>();
  const cardIds = new Map<string, { file: string; line: number }>();
  for (const deck of decks) {
    const twin = deckIds.get(deck.id);
    if (twin) problems.push({ file: deck.file, line: 1, message: `deck id "${deck.id}" is already used by ${twin.file}` });
    else deckIds.set(deck.id, deck);
    for (const card of deck.cards) {
      const first = cardIds.get(card.id);
      if (first) {
        problems.push({ file: deck.file, line: card.line, message: `duplicate card id "${card.id}" (first used at ${first.file}:${first.line})` });
      } else {
        cardIds.set(card.id, { file: deck.file, line: card.line });
      }
      for (const tag of card.tags) {
        if (knownTags && !knownTags.has(tag)) {
          problems.push({ file: deck.file, line: card.line + 1, message: `card "${card.id}" uses unknown tag "${tag}" (add it to cards/tags.txt)` });
        }
      }
    }
  }
  for (const deck of decks) {
    if (deck.parent && !deckIds.has(deck.parent)) {
      problems.push({ file: deck.file, line: 1, message: `parent deck "${deck.parent}" does not exist` });
    }
    if (deck.parent === deck.id) problems.push({ file: deck.file, line: 1, message: `deck "${deck.id}" cannot be its own parent` });
  }
  return problems;
}

/** Tags file: one tag per line, optional description after whitespace, `#` comments. */
export function parseTagList(text: string): Set<string> {
  return new Set(
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(/\s+/)[0].toLowerCase())
  );
}
