/** Tracks fenced code blocks (``` or ~~~) line by line, as CommonMark does. */
export interface FenceOpen {
  char: '`' | '~';
  length: number;
  info: string;
  line: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** If `text` opens a fence, returns it; backtick fences may not have backticks in the info. */
export function openingFence(text: string, line: number): FenceOpen | null {
  const m = FENCE.exec(text);
  if (!m) return null;
  const char = m[1][0] as '`' | '~';
  const info = m[2].trim();
  if (char === '`' && info.includes('`')) return null;
  return { char, length: m[1].length, info, line };
}

export function closesFence(text: string, open: FenceOpen): boolean {
  const m = FENCE.exec(text);
  return !!m && m[1][0] === open.char && m[1].length >= open.length && m[2].trim() === '';
}

export interface CodeBlock {
  /** First word of the info string, e.g. `bash`. */
  lang: string;
  /** The remaining words, e.g. `run`, `files=x`, `db=y`. */
  flags: string[];
  code: string;
  /** 1-based line of the opening fence (relative to the first line passed in + offset). */
  line: number;
}

/** Every fenced block in a Markdown fragment, in order. Unclosed blocks run to the end. */
export function codeBlocks(markdown: string, firstLine = 1): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let open: FenceOpen | null = null;
  let body: string[] = [];
  lines.forEach((text, i) => {
    if (!open) {
      open = openingFence(text, firstLine + i);
      body = [];
    } else if (closesFence(text, open)) {
      const [lang = '', ...flags] = open.info.split(/\s+/).filter(Boolean);
      blocks.push({ lang, flags, code: body.join('\n'), line: open.line });
      open = null;
    } else {
      body.push(text);
    }
  });
  return blocks;
}

/** Value of a `key=value` flag, if present. */
export function flagValue(flags: string[], key: string): string | undefined {
  const hit = flags.find((f) => f.startsWith(key + '='));
  return hit?.slice(key.length + 1);
}
