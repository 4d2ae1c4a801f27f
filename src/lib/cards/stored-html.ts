import type { CardHtml, CardRow } from '../db/schema';
import { contentHash } from '../decks/hash';

type CardText = Pick<CardRow, 'front' | 'back' | 'more'>;

/** Identifies the text a stored rendering was made from (front, back and more together). */
export function cardTextHash(card: CardText): string {
  return contentHash(JSON.stringify([card.front, card.back, card.more ?? '']));
}

/**
 * The card's build-time HTML, or null when it has none or it was made from other text (an edit
 * path that did not clear it): then the card is rendered from its Markdown when shown, so
 * stale HTML is never on screen.
 */
export function storedCardHtml(card: CardText & Pick<CardRow, 'rendered'>): CardHtml | null {
  const rendered = card.rendered;
  return rendered && rendered.source === cardTextHash(card) ? rendered : null;
}
