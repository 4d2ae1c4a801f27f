import { renderCardHtml, type RenderMarkdown } from '../cards/stored-html';
import { contentHash } from './hash';
import type { CompiledCard, CompiledDeck, DeckSource } from './types';

/**
 * The deck as the app loads it (the build step passes the app's own renderer over jsdom), every card with its HTML. The hash covers the HTML too, so a
 * renderer change alone re-syncs the decks on existing installs (which then store the new HTML).
 */
export function compileDeck(deck: DeckSource, render: RenderMarkdown): CompiledDeck {
  const cards = deck.cards.map(({ line: _line, ...card }): CompiledCard => ({ ...card, html: renderCardHtml(card, render) }));
  const body = { id: deck.id, title: deck.title, description: deck.description, parent: deck.parent, cards };
  return { ...body, hash: contentHash(JSON.stringify(body)) };
}
