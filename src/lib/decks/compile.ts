import type { CardHtml } from '../db/schema';
import { contentHash } from './hash';
import type { CompiledCard, CompiledDeck, DeckCard, DeckSource } from './types';

/** Card Markdown to sanitized HTML: the build step passes the app's own renderer over jsdom. */
export type RenderMarkdown = (markdown: string) => string;

function renderCard(card: Pick<DeckCard, 'front' | 'back' | 'more'>, render: RenderMarkdown): CardHtml {
  return { front: render(card.front), back: render(card.back), ...(card.more ? { more: render(card.more) } : {}) };
}

/**
 * The deck as the app loads it, every card with its HTML. The hash covers the HTML too, so a
 * renderer change alone re-syncs the decks on existing installs (which then store the new HTML).
 */
export function compileDeck(deck: DeckSource, render: RenderMarkdown): CompiledDeck {
  const cards = deck.cards.map(({ line: _line, ...card }): CompiledCard => ({ ...card, html: renderCard(card, render) }));
  const body = { id: deck.id, title: deck.title, description: deck.description, parent: deck.parent, cards };
  return { ...body, hash: contentHash(JSON.stringify(body)) };
}
