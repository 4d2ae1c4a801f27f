import type { CardRow, DeckRow } from '../db/schema';
import { htmlBody, isHtmlCard } from '../cards/card-html';
import { csvRow, type Separator } from './csv';
import { markdownToHtml } from './html';
import { defaultSanitizer, type Sanitizer } from './sanitize';

export interface AnkiCsvOptions {
  separator?: Separator;
  /** Cleans the generated HTML (defaults to DOMPurify where a DOM exists). */
  sanitize?: Sanitizer;
  /** Parent deck, so the Anki deck is named `Parent::Child`. */
  parent?: DeckRow;
}

/** Column layout; Anki maps the remaining (non-meta) columns to the note type's fields in order. */
export const ANKI_COLUMNS = { guid: 1, deck: 2, front: 3, back: 4, tags: 5 } as const;

/**
 * A deck as a text file for Anki's File > Import. The `#` header lines tell Anki the separator,
 * that fields are HTML, and which columns hold the note GUID (our card id, so importing again
 * updates notes instead of duplicating them), the deck (created if missing) and the tags.
 *
 * Fields are HTML made from the card Markdown with `marked` (#html:true): code blocks keep
 * their line breaks and look like code in Anki, which the Markdown source would not. The
 * "more" explanation is appended to the back below a rule, since Anki's Basic type has two
 * fields. Images stored in the app are not exported (Anki would need its media folder).
 */
export function deckToAnkiCsv(deck: DeckRow, cards: CardRow[], options: AnkiCsvOptions = {}): string {
  const separator = options.separator ?? 'comma';
  const sanitize = options.sanitize ?? defaultSanitizer();
  // Cards stored as HTML (imported) go out as their HTML, so an export imported again is the same text.
  const html = (text: string) => sanitize(isHtmlCard(text) ? htmlBody(text) : markdownToHtml(text));
  const deckName = ankiDeckName(deck, options.parent);
  const lines = [
    `#separator:${separator === 'comma' ? 'Comma' : 'Tab'}`,
    '#html:true',
    '#notetype:Basic',
    `#guid column:${ANKI_COLUMNS.guid}`,
    `#deck column:${ANKI_COLUMNS.deck}`,
    `#tags column:${ANKI_COLUMNS.tags}`
  ];
  for (const card of cards) {
    const more = card.more?.trim() ? `\n<hr>\n<div class="more">${html(card.more)}</div>` : '';
    lines.push(csvRow([card.id, deckName, html(card.front), html(card.back) + more, ankiTags(card.tags)], separator));
  }
  return lines.join('\n') + '\n';
}

/** Anki deck names use `::` for nesting and cannot span lines. */
export function ankiDeckName(deck: DeckRow, parent?: DeckRow): string {
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  const own = clean(deck.title) || deck.id;
  return parent ? `${clean(parent.title) || parent.id}::${own}` : own;
}

/** Anki tags are separated by spaces, so a tag cannot contain one. */
export function ankiTags(tags: string[]): string {
  return tags
    .map((t) => t.trim().replace(/\s+/g, '_'))
    .filter(Boolean)
    .join(' ');
}
