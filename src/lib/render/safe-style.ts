/**
 * Inline styles of imported cards (Anki's coloured words, font sizes, alignment) kept through
 * an allowlist: only properties that change how text and boxes look inside the card, never
 * where they sit (no position, transform, z-index or negative margins, which could lay a card
 * over the app), and only plain values: no url(), expression(), var(), escapes or comments.
 */

const PROPERTIES = new Set([
  'color',
  'background-color',
  'background',
  'font',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant',
  'text-decoration',
  'text-decoration-line',
  'text-decoration-color',
  'text-decoration-style',
  'text-decoration-thickness',
  'text-underline-offset',
  'text-align',
  'text-transform',
  'text-indent',
  'vertical-align',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'white-space',
  'direction',
  'list-style-type',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-style',
  'border-width',
  'border-radius',
  'border-collapse',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left'
]);

/** Properties where a negative value would move content out of its place. */
const NO_NEGATIVE = /^(margin|text-indent)/;
/** Colour functions are the only functions allowed. */
const ALLOWED_FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla']);
/** Letters (any script, for font names), digits, and the punctuation of plain values. */
const PLAIN_VALUE = /^[\p{L}\p{N}\s#%.,()'"_+/-]*$/u;
const MAX_VALUE = 200;

function safeValue(property: string, value: string): boolean {
  if (!value || value.length > MAX_VALUE || !PLAIN_VALUE.test(value)) return false;
  if ((value.match(/"/g)?.length ?? 0) % 2 || (value.match(/'/g)?.length ?? 0) % 2) return false;
  for (const m of value.toLowerCase().matchAll(/([a-z-]*)\s*\(/g)) if (!ALLOWED_FUNCTIONS.has(m[1])) return false;
  if (/expression|javascript|url|binding|behavio/i.test(value)) return false;
  if (NO_NEGATIVE.test(property) && value.includes('-')) return false;
  return true;
}

/** The declarations of a style attribute that pass the allowlist, as a style attribute ('' when none does). */
export function safeStyle(style: string): string {
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (PROPERTIES.has(property) && safeValue(property, value)) kept.push(`${property}: ${value}`);
  }
  return kept.join('; ');
}
