import { contentHash } from '../decks/hash';
import { HTML_CARD_PREFIX, hasVisibleContent, htmlCard, plainTextCard } from '../cards/card-html';
import { clozeNumbers, renderCloze } from './cloze';
import { rewriteMedia } from './media-refs';
import type { FieldFormat, ImportedCard, ImportProblem } from './types';

/** Field text in the card's language: HTML for plain text and HTML fields, Markdown as is. */
export function fieldBody(
  value: string,
  format: FieldFormat,
  lookup: (name: string) => string | undefined = () => undefined
): { body: string; missing: string[] } {
  if (format === 'plain') return { body: plainTextCard(value.trim()).slice(HTML_CARD_PREFIX.length), missing: [] };
  if (format === 'markdown') return { body: value.trim(), missing: [] };
  const { html, missing } = rewriteMedia(value.trim(), lookup);
  // Line breaks typed in a spreadsheet cell: kept, unless the HTML already lays out its lines.
  const body = /<(br|div|p|li|pre|table)\b/i.test(html) ? html : html.replace(/\r\n?|\n/g, '<br>');
  return { body, missing };
}

/** Stored card text from a body made by fieldBody. */
export function wrapBody(body: string, format: FieldFormat): string {
  return format === 'markdown' ? body : htmlCard(body);
}

export function isBlank(value: string, format: FieldFormat): boolean {
  if (format === 'html') return !hasVisibleContent(value);
  return value.trim() === '';
}

/** Splits a tags cell: Anki separates tags with spaces; commas are accepted too. */
export function splitTags(cell: string | undefined): string[] {
  if (!cell) return [];
  return cell
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export function uniq(tags: string[]): string[] {
  return [...new Set(tags)];
}

/**
 * Keeps card keys unique within one file. Without an id, a card is known by a hash of its
 * front; a second card with the same front is told apart by its back; an exact duplicate is
 * dropped with a warning.
 */
export class KeyRegistry {
  private seen = new Map<string, string>();
  private contents = new Map<string, string>();

  constructor(private problems: ImportProblem[]) {}

  /** Key from an id column or guid; a repeated id is an error (the row is not imported). */
  byId(key: string, where: string, line: number | undefined, label: string): string | null {
    const first = this.seen.get(key);
    if (first) {
      this.problems.push({ where, line, severity: 'error', message: `${label} is used twice (first at ${first}); this row is skipped` });
      return null;
    }
    this.seen.set(key, where);
    return key;
  }

  byContent(front: string, back: string, suffix: string, where: string, line: number | undefined): string | null {
    const both = `h:${contentHash(front + '\u0000' + back)}${suffix}`;
    const twin = this.contents.get(both);
    if (twin) {
      this.problems.push({ where, line, severity: 'warning', message: `same front and back as ${twin}; the duplicate is skipped` });
      return null;
    }
    this.contents.set(both, where);
    const base = `h:${contentHash(front)}${suffix}`;
    const key = this.seen.has(base) ? both : base;
    this.seen.set(key, where);
    return key;
  }
}

export interface NoteInput {
  front: string;
  back: string;
  more?: string;
  tags: string[];
  where: string;
  line?: number;
  /** Stable id from the file (Anki guid / id column), else the content is the key. */
  id?: { key: string; label: string };
  kind: 'basic' | 'reversed' | 'cloze';
}

/**
 * One note of a delimited file to cards: basic (one card), reversed (two), cloze (one per
 * deletion). Problems are reported with the note's place; returns the cards made.
 */
export function noteToCards(
  note: NoteInput,
  format: FieldFormat,
  keys: KeyRegistry,
  problems: ImportProblem[],
  lookup?: (name: string) => string | undefined
): ImportedCard[] {
  const { where, line } = note;
  const report = (message: string, severity: 'error' | 'warning' = 'error') => problems.push({ where, line, message, severity });
  const body = (value: string) => {
    const result = fieldBody(value, format, lookup);
    for (const name of result.missing) report(`image "${name}" is not included in the file; its name is shown instead`, 'warning');
    return result.body;
  };
  const convert = (value: string) => wrapBody(body(value), format);
  const more = note.more && !isBlank(note.more, format) ? convert(note.more) : undefined;
  const make = (key: string | null, front: string, back: string): ImportedCard | null =>
    key ? { key, front, back, tags: note.tags, where, ...(more ? { more } : {}) } : null;

  if (note.kind === 'cloze') {
    const numbers = clozeNumbers(note.front);
    if (numbers.length === 0) {
      report('this cloze note has no deletion like {{c1::answer}}');
      return [];
    }
    const cards: ImportedCard[] = [];
    const text = body(note.front);
    const extra = note.back && !isBlank(note.back, format) ? (format === 'markdown' ? '\n\n' : '<br>') + body(note.back) : '';
    for (const n of numbers) {
      const key = note.id ? keys.byId(`${note.id.key}.${n - 1}`, where, line, note.id.label) : keys.byContent(note.front, '', `.c${n}`, where, line);
      const card = make(key, wrapBody(renderCloze(text, n, 'q'), format), wrapBody(renderCloze(text, n, 'a') + extra, format));
      if (card) cards.push(card);
    }
    return sameNote(cards, note.id?.key ?? cards[0]?.key.replace(/\.c\d+$/, ''));
  }

  const front = convert(note.front);
  const back = convert(note.back);
  const cards: ImportedCard[] = [];
  const key = note.id
    ? keys.byId(`${note.id.key}${note.id.key.startsWith('a:') ? '.0' : ''}`, where, line, note.id.label)
    : keys.byContent(note.front, note.back, '', where, line);
  const card = make(key, front, back);
  if (card) cards.push(card);
  if (note.kind === 'reversed') {
    const rkey = note.id ? keys.byId(`${note.id.key}.1`, where, line, note.id.label) : keys.byContent(note.back, note.front, '.r', where, line);
    const reversed = make(rkey, back, front);
    if (reversed) cards.push(reversed);
    return sameNote(cards, note.id?.key ?? cards[0]?.key);
  }
  return cards;
}

/** Cards made from one row are siblings: they share the row's note key (ImportedCard.note). */
function sameNote(cards: ImportedCard[], note: string | undefined): ImportedCard[] {
  if (cards.length > 1 && note) for (const card of cards) card.note = note;
  return cards;
}
