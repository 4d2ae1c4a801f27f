/**
 * The header lines of Anki's "Notes in plain text" export, e.g.
 *   #separator:tab
 *   #html:true
 *   #tags column:3
 * Columns in Anki's header are 1-based; here they are 0-based, -1 when absent.
 */
export interface AnkiTextHeader {
  separator?: string;
  html?: boolean;
  tags: string[];
  columns?: string[];
  notetype?: string;
  deck?: string;
  tagsColumn: number;
  deckColumn: number;
  notetypeColumn: number;
  guidColumn: number;
  /** Number of header lines (the data starts on the line after them). */
  lines: number;
  /** Characters taken by the header lines. */
  length: number;
  found: boolean;
}

const SEPARATORS: Record<string, string> = {
  comma: ',',
  semicolon: ';',
  tab: '\t',
  space: ' ',
  pipe: '|',
  colon: ':'
};

const KEY = /^#([a-z][a-z ]*):(.*)$/i;
const KNOWN = new Set([
  'separator',
  'html',
  'tags',
  'columns',
  'notetype',
  'deck',
  'tags column',
  'deck column',
  'notetype column',
  'guid column',
  'if matches'
]);

export function readAnkiTextHeader(text: string): AnkiTextHeader {
  const header: AnkiTextHeader = { tags: [], tagsColumn: -1, deckColumn: -1, notetypeColumn: -1, guidColumn: -1, lines: 0, length: 0, found: false };
  let pos = 0;
  const pending: [string, string][] = [];
  let rawColumns: string | undefined;
  while (pos < text.length) {
    const end = text.indexOf('\n', pos);
    const lineEnd = end < 0 ? text.length : end + 1;
    const line = text.slice(pos, lineEnd).replace(/\r?\n$/, '');
    const m = KEY.exec(line);
    if (!m || !KNOWN.has(m[1].toLowerCase())) break;
    pending.push([m[1].toLowerCase(), m[2]]);
    header.lines++;
    pos = lineEnd;
  }
  header.length = pos;
  header.found = header.lines > 0;
  for (const [key, raw] of pending) {
    const value = raw.trim();
    const column = () => {
      const n = Number.parseInt(value, 10);
      return Number.isFinite(n) && n > 0 ? n - 1 : -1;
    };
    switch (key) {
      case 'separator':
        header.separator = SEPARATORS[value.toLowerCase()] ?? (raw.length === 1 ? raw : value.charAt(0) || undefined);
        break;
      case 'html':
        header.html = value.toLowerCase() === 'true';
        break;
      case 'tags':
        header.tags = value.split(/\s+/).filter(Boolean);
        break;
      case 'columns':
        rawColumns = raw;
        break;
      case 'notetype':
        header.notetype = value;
        break;
      case 'deck':
        header.deck = value;
        break;
      case 'tags column':
        header.tagsColumn = column();
        break;
      case 'deck column':
        header.deckColumn = column();
        break;
      case 'notetype column':
        header.notetypeColumn = column();
        break;
      case 'guid column':
        header.guidColumn = column();
        break;
    }
  }
  // #columns is split by the separator, which may come after it.
  if (rawColumns !== undefined) header.columns = rawColumns.split(header.separator ?? '\t').map((c) => c.trim());
  return header;
}
