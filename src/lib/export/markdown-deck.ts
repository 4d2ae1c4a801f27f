import type { CardRow, DeckRow } from '../db/schema';
import { closesFence, openingFence, type FenceOpen } from '../decks/fences';
import { ID_PATTERN } from '../decks/parse';

// The lines parseDeck (src/lib/decks/parse.ts) treats specially outside code fences.
const SEPARATOR = /^---\s*$/;
const MORE_SEPARATOR = /^---\s*more\s*$/i;
const CARD_HEADING = /^##\s/;

/** Written for a front or back that is empty, which the deck format does not allow. */
export const EMPTY_SIDE = '<!-- empty -->';

export interface MarkdownExport {
  text: string;
  /** What had to change to fit the format (ids or tags renamed), for the user. */
  notes: string[];
}

/**
 * A deck in the Markdown deck format of cards/README.md, which parseDeck reads back to the same
 * cards. Card text is written as is, except lines the format would misread, which get an
 * equivalent spelling that renders the same (see `escapeSection`).
 */
export function deckToMarkdown(deck: DeckRow, cards: CardRow[]): MarkdownExport {
  const notes: string[] = [];
  const deckId = toId(deck.id, 'deck');
  if (deckId !== deck.id) notes.push(`deck id "${deck.id}" is written as "${deckId}"`);
  const title = oneLine(deck.title) || deckId;
  const out = ['---', `id: ${deckId}`, `title: ${frontMatterValue(title)}`];
  const description = oneLine(deck.description ?? '');
  if (description) out.push(`description: ${frontMatterValue(description)}`);
  if (deck.parent) out.push(`parent: ${toId(deck.parent, 'deck')}`);
  out.push('---', '', `# ${title}`, '');

  const used = new Set<string>();
  const renamedTags = new Set<string>();
  for (const card of cards) {
    let id = toId(card.id, 'card');
    for (let n = 2; used.has(id); n++) id = `${toId(card.id, 'card')}-${n}`;
    used.add(id);
    if (id !== card.id) notes.push(`card id "${card.id}" is written as "${id}"`);
    const tags: string[] = [];
    for (const tag of card.tags) {
      const clean = toId(tag, '');
      if (clean !== tag) renamedTags.add(tag);
      if (clean && !tags.includes(clean)) tags.push(clean);
    }
    out.push(`## ${id}`, `tags: ${tags.join(', ')}`, '', escapeSection(card.front), '', '---', '', escapeSection(card.back), '');
    if (card.more?.trim()) out.push('--- more', '', escapeSection(card.more), '');
  }
  if (renamedTags.size) notes.push(`tags renamed to lowercase letters, digits and "-": ${[...renamedTags].join(', ')}`);
  return { text: out.join('\n'), notes };
}

/**
 * One card side, safe to place between the format's separator lines. parseDeck trims each side
 * and treats some lines as structure outside fenced code; each gets an equivalent Markdown
 * spelling (CommonMark renders both the same):
 * - `---` (a rule or setext underline) becomes `----`;
 * - `--- more` becomes `\--- more` (a backslash-escaped `-` is a plain `-`);
 * - `## heading` gets one leading space (up to 3 are allowed before a heading);
 * - a fence left open at the end is closed, so it cannot swallow the next separator;
 * - an indented code block at the very start is kept by a leading `<!-- -->` line, as the
 *   trim would otherwise remove its indentation;
 * - an empty side becomes `<!-- empty -->` (sides may not be empty; renders as nothing);
 * - line breaks are normalized to `\n` (parseDeck does the same).
 * Lines inside code fences are never changed.
 */
export function escapeSection(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let fence: FenceOpen | null = null;
  const out = lines.map((line, i) => {
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      return line;
    }
    fence = openingFence(line, i + 1);
    if (fence) return line;
    if (MORE_SEPARATOR.test(line)) return '\\' + line;
    if (SEPARATOR.test(line)) return '-' + line;
    if (CARD_HEADING.test(line)) return ' ' + line;
    return line;
  });
  if (fence) {
    const open = fence as FenceOpen;
    out.push(open.char.repeat(open.length));
  }
  const text = out
    .join('\n')
    .replace(/^(\s*\n)+/, '')
    .trimEnd();
  if (!text.trim()) return EMPTY_SIDE;
  if (/^( {4}|\s*\t)/.test(text) && !openingFence(text.split('\n')[0], 1)) return `<!-- -->\n${text}`;
  return text;
}

/** An id of lowercase letters, digits and "-" (the format's rule for deck, card and tag ids). */
export function toId(value: string, fallback: string): string {
  if (ID_PATTERN.test(value)) return value;
  const slug = value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || fallback;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** parseDeck strips one pair of matching quotes; quote values that would lose characters. */
function frontMatterValue(value: string): string {
  return /^(["']).*\1$/.test(value) ? `"${value}"` : value;
}
