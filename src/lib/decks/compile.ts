import { contentHash } from './hash';
import type { CompiledDeck, DeckSource } from './types';

export function compileDeck(deck: DeckSource): CompiledDeck {
  const cards = deck.cards.map(({ line: _line, ...card }) => card);
  const body = { id: deck.id, title: deck.title, description: deck.description, parent: deck.parent, cards };
  return { ...body, hash: contentHash(JSON.stringify(body)) };
}
