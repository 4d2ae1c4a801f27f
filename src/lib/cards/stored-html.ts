import type { CardHtml, CardRow } from '../db/schema';
import { contentHash } from '../decks/hash';

type CardText = Pick<CardRow, 'front' | 'back' | 'more'>;

/** Identifies the text a stored rendering was made from (front, back and more together). */
export function cardTextHash(card: CardText): string {
  return contentHash(JSON.stringify([card.front, card.back, card.more ?? '']));
}

/** Card Markdown to sanitized HTML: the page's renderMarkdown, or the same over jsdom at build time. */
export type RenderMarkdown = (markdown: string) => string;

/** Each side of a card rendered to HTML. */
export function renderCardHtml(card: CardText, render: RenderMarkdown): CardHtml {
  return { front: render(card.front), back: render(card.back), ...(card.more ? { more: render(card.more) } : {}) };
}

/** A card's `rendered` field: its HTML and the hash of the text it was made from. */
export function storedHtmlOf(card: CardText, render: RenderMarkdown): NonNullable<CardRow['rendered']> {
  return { ...renderCardHtml(card, render), source: cardTextHash(card) };
}

/**
 * The card's stored HTML, or null when it has none or it was made from other text (an edit
 * path that did not clear it): then the card is rendered from its Markdown when shown, so
 * stale HTML is never on screen.
 */
export function storedCardHtml(card: CardText & Pick<CardRow, 'rendered'>): CardHtml | null {
  const rendered = card.rendered;
  return rendered && rendered.source === cardTextHash(card) ? rendered : null;
}
