/**
 * Type the answer (Anki's {{type:…}}): what the user is asked to type for a card, and the
 * character-by-character comparison shown on the answer side. Plain TypeScript importing only
 * dependency-free helpers, so the study screen's first paint stays free of Dexie, ts-fsrs and marked.
 */
import { decodeHtmlEntities } from '../cards/html-entities';

export interface TypeTarget {
  /** The text to type. */
  text: string;
  /** Code: compared after collapsing runs of whitespace (indentation and line breaks are not graded). */
  code: boolean;
}

export interface DiffPart {
  /** good: typed as expected; bad: typed but wrong (or extra); missing: expected but not typed. */
  kind: 'good' | 'bad' | 'missing';
  text: string;
}

export interface TypedComparison {
  /** The typed answer, its characters good or bad. */
  typed: DiffPart[];
  /** The expected answer, its characters good or missing. */
  expected: DiffPart[];
  /** True when the typed answer equals the expected one (after the normalisation of its kind). */
  exact: boolean;
}

const HTML_PREFIX = '<!--html-->';
const FENCE = /^ {0,3}(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n {0,3}\1[ \t]*$/m;

/** Visible text of card HTML (tags dropped, common entities decoded, <br> and blocks as line breaks). */
function htmlText(html: string): string {
  return decodeHtmlEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<br\s*\/?>|<\/(p|div|li|pre|h[1-6])>/gi, '\n')
      .replace(/<[^>]*>/g, '')
  ).trim();
}

/** Inline Markdown reduced to its text: **bold**, _em_, `code`, [link](url), leading list or heading marks. */
function markdownText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_](\S(?:.*?\S)?)[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s{0,3}(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)/gm, '')
    .trim();
}

/** A Markdown table as its cells' text, row after row (separator rows and pipes dropped). */
function tableText(block: string): string {
  const lines = block.split('\n');
  if (!lines.every((line) => /^\s*\|/.test(line))) return block;
  return lines
    .filter((line) => !/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line))
    .map((line) =>
      line
        .replace(/^\s*\||\|\s*$/g, '')
        .split('|')
        .map((cell) => cell.trim())
        .filter(Boolean)
        .join(' ')
    )
    .join('\n');
}

/**
 * What a card asks to be typed. An imported type-in card says it (`typeIn.expected`). Any other
 * card, studied by typing because its deck says so: the first code block of the back when it has
 * one (typed as code), else the back's first paragraph as plain text: cards answer first and
 * explain after, and nobody types the explanation.
 */
export function typeTarget(card: { back: string; typeIn?: { expected: string } }): TypeTarget {
  if (card.typeIn) return { text: card.typeIn.expected, code: false };
  if (card.back.startsWith(HTML_PREFIX)) {
    const html = card.back.slice(HTML_PREFIX.length);
    const pre = /<pre\b[^>]*>([\s\S]*?)<\/pre>/i.exec(html);
    if (pre) return { text: htmlText(pre[1]), code: true };
    const first = htmlText(html).split(/\n\s*\n|\n/)[0] ?? '';
    return { text: first.trim(), code: false };
  }
  const fence = FENCE.exec(card.back);
  if (fence) return { text: fence[2], code: true };
  const paragraph = card.back.trim().split(/\n\s*\n/)[0] ?? '';
  return { text: tableText(markdownText(paragraph)).replace(/\s*\n\s*/g, ' '), code: false };
}

/** The text as compared: code with every run of whitespace as one space; prose trimmed, in one Unicode form. */
export function normalise(text: string, code: boolean): string {
  const nfc = text.normalize('NFC');
  return code ? nfc.replace(/\s+/g, ' ').trim() : nfc.trim();
}

/** Longest answers compared character by character (the table is rows × columns); beyond, a plain verdict. */
const MAX_CELLS = 4_000_000;

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string) {
  const last = parts[parts.length - 1];
  if (last?.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

/**
 * Compares typed with expected character by character, as Anki shows it: the longest common
 * subsequence is good, typed characters outside it are bad, expected ones outside it missing.
 * Case and punctuation count (as in Anki); whitespace is normalised for code (see normalise).
 */
export function compareTyped(typedRaw: string, expectedRaw: string, code: boolean): TypedComparison {
  const a = Array.from(normalise(typedRaw, code));
  const b = Array.from(normalise(expectedRaw, code));
  const typed: DiffPart[] = [];
  const expected: DiffPart[] = [];
  // Common prefix and suffix first: most typed answers differ in a few places.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  if (start) {
    push(typed, 'good', a.slice(0, start).join(''));
    push(expected, 'good', b.slice(0, start).join(''));
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n && m && (n + 1) * (m + 1) <= MAX_CELLS) {
    // lcs[i][j]: length of the LCS of midA[i..] and midB[j..], in one flat table.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i * width + j] = midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        push(typed, 'good', midA[i++]);
        push(expected, 'good', midB[j++]);
      } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) push(typed, 'bad', midA[i++]);
      else push(expected, 'missing', midB[j++]);
    }
    if (i < n) push(typed, 'bad', midA.slice(i).join(''));
    if (j < m) push(expected, 'missing', midB.slice(j).join(''));
  } else {
    if (n) push(typed, 'bad', midA.join(''));
    if (m) push(expected, 'missing', midB.join(''));
  }
  if (endA < a.length) {
    push(typed, 'good', a.slice(endA).join(''));
    push(expected, 'good', b.slice(endB).join(''));
  }
  return { typed, expected, exact: n === 0 && m === 0 };
}
