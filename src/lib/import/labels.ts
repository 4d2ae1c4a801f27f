import type { ParsedImport } from './types';
import type { ImportResult } from './write';

/** Delimiters offered in the column picker (the parser also reads any Anki #separator). */
export const DELIMITERS: { value: string; label: string }[] = [
  { value: ',', label: 'Comma (,)' },
  { value: '\t', label: 'Tab' },
  { value: ';', label: 'Semicolon (;)' }
];

export function formatLabel(parsed: ParsedImport): string {
  switch (parsed.format) {
    case 'apkg':
      return 'Anki package';
    case 'markdown':
      return 'Markdown deck';
    case 'anki-text':
      return `Anki notes in plain text (${delimiterName(parsed.delimited?.delimiter ?? '\t')})`;
    case 'csv':
      return `Delimited text (${delimiterName(parsed.delimited?.delimiter ?? ',')})`;
  }
}

export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === ' ' ? 'space' : d === '|' ? 'pipe' : `"${d}"`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? word : many}`;
}

/** "Line 12" from "line 12". */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "5 new cards, 1 updated card, 2 images and sounds": the counts that are not zero (new always). */
export function resultSummary(r: ImportResult): string {
  const parts = [plural(r.added, 'new card')];
  if (r.updated) parts.push(plural(r.updated, 'updated card'));
  if (r.unchanged) parts.push(plural(r.unchanged, 'unchanged card'));
  if (r.retired) parts.push(`${plural(r.retired, 'card')} retired`);
  if (r.reviews) parts.push(plural(r.reviews, 'review') + ' of history');
  if (r.decks) parts.push(plural(r.decks, 'new deck'));
  if (r.media) parts.push(plural(r.media, 'image or sound', 'images and sounds'));
  return parts.join(', ');
}
