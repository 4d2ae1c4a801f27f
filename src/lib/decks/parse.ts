import { closesFence, codeBlocks, openingFence, type FenceOpen } from './fences';
import type { DeckCard, DeckProblem, DeckSource } from './types';

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const FRONT_MATTER_KEYS = new Set(['id', 'title', 'description', 'parent']);
const SEPARATOR = /^---\s*$/;
const MORE_SEPARATOR = /^---\s*more\s*$/i;
const CARD_HEADING = /^##\s+(.*?)\s*#*\s*$/;
const TAGS_LINE = /^tags:(.*)$/i;

export interface ParseResult {
  deck: DeckSource | null;
  problems: DeckProblem[];
}

/**
 * Parses one deck file (format in cards/README.md). Never throws on bad input: every problem
 * is reported with its line, and `deck` is null when the file cannot be used at all.
 */
export function parseDeck(text: string, file: string): ParseResult {
  const problems: DeckProblem[] = [];
  const report = (line: number, message: string) => problems.push({ file, line, message });
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');

  const meta = parseFrontMatter(lines, report);
  if (!meta) return { deck: null, problems };

  const cards: DeckCard[] = [];
  let current: CardDraft | null = null;
  let fence: FenceOpen | null = null;

  const finish = () => {
    if (current) {
      const card = finishCard(current, report);
      if (card) cards.push(card);
    }
  };

  for (let i = meta.bodyStart; i < lines.length; i++) {
    const text = lines[i];
    const lineNo = i + 1;
    if (fence) {
      if (closesFence(text, fence)) fence = null;
      current?.sections[current.section].push(text);
      continue;
    }
    fence = openingFence(text, lineNo);
    const heading = fence ? null : CARD_HEADING.exec(text);
    if (heading) {
      finish();
      const id = heading[1];
      if (!ID_PATTERN.test(id)) {
        report(lineNo, `card id "${id}" must be lowercase letters, digits and "-" (e.g. "net-tcp-handshake")`);
      }
      current = { id, line: lineNo, tags: [], sections: [[], [], []], sectionLines: [lineNo + 1, 0, 0], section: 0, tagsAllowed: true };
      continue;
    }
    if (!current) continue; // text before the first card is a comment for readers
    if (current.tagsAllowed && text.trim() !== '') {
      current.tagsAllowed = false;
      const tags = TAGS_LINE.exec(text.trim());
      if (tags) {
        current.tags = parseTags(tags[1], lineNo, report);
        current.sectionLines[0] = lineNo + 1;
        continue;
      }
    }
    if (!fence && MORE_SEPARATOR.test(text)) {
      if (current.section === 0) report(lineNo, `card "${current.id}" has "--- more" before the "---" line that starts its back`);
      else if (current.section === 2) report(lineNo, `card "${current.id}" has a second "--- more" line`);
      current.section = 2;
      current.sectionLines[2] = lineNo + 1;
      continue;
    }
    if (!fence && SEPARATOR.test(text)) {
      if (current.section === 0) {
        current.section = 1;
        current.sectionLines[1] = lineNo + 1;
      } else {
        report(lineNo, `card "${current.id}" has a second "---" line; use "--- more" to start the explanation`);
      }
      continue;
    }
    current.sections[current.section].push(text);
  }
  if (fence) report(fence.line, `code block opened here is never closed (add a line ${fence.char.repeat(fence.length)})`);
  finish();

  if (cards.length === 0 && !problems.some((p) => p.line > meta.bodyStart)) {
    report(meta.bodyStart + 1, 'deck has no cards (a card starts with a "## card-id" heading)');
  }
  return {
    deck: { id: meta.id, title: meta.title, description: meta.description, parent: meta.parent, file, cards },
    problems
  };
}

interface CardDraft {
  id: string;
  line: number;
  tags: string[];
  sections: [string[], string[], string[]];
  sectionLines: [number, number, number];
  section: 0 | 1 | 2;
  tagsAllowed: boolean;
}

function finishCard(draft: CardDraft, report: (line: number, message: string) => void): DeckCard | null {
  const [front, back, more] = draft.sections.map((s) => s.join('\n').trim());
  let ok = ID_PATTERN.test(draft.id);
  if (draft.section === 0) {
    report(draft.line, `card "${draft.id}" has no "---" line between its front and its back`);
    return null;
  }
  if (!front) {
    report(draft.line, `card "${draft.id}" has an empty front`);
    ok = false;
  }
  if (!back) {
    report(draft.sectionLines[1] - 1, `card "${draft.id}" has an empty back`);
    ok = false;
  }
  if (draft.section === 2 && !more) {
    report(draft.sectionLines[2] - 1, `card "${draft.id}" has an empty "--- more" section`);
  }
  for (let s = 0; s < 3; s++) {
    checkRunnableBlocks(draft.sections[s].join('\n'), draft.sectionLines[s], draft.id, report);
  }
  if (!ok) return null;
  const card: DeckCard = { id: draft.id, front, back, tags: draft.tags, line: draft.line };
  if (more) card.more = more;
  return card;
}

/** A block marked `run` must be followed by an `output` block with the expected stdout. */
function checkRunnableBlocks(markdown: string, firstLine: number, id: string, report: (line: number, message: string) => void) {
  const blocks = codeBlocks(markdown, firstLine);
  blocks.forEach((block, i) => {
    if (!block.flags.includes('run')) return;
    if (blocks[i + 1]?.lang !== 'output') {
      report(block.line, `card "${id}": runnable ${block.lang || 'code'} block must be followed by an \`\`\`output block`);
    }
  });
}

function parseTags(list: string, line: number, report: (line: number, message: string) => void): string[] {
  const tags = list
    .split(/[,\s]+/)
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  for (const tag of tags) {
    if (!ID_PATTERN.test(tag)) report(line, `tag "${tag}" must be lowercase letters, digits and "-"`);
  }
  return [...new Set(tags.filter((t) => ID_PATTERN.test(t)))];
}

interface FrontMatter {
  id: string;
  title: string;
  description: string;
  parent?: string;
  bodyStart: number;
}

function parseFrontMatter(lines: string[], report: (line: number, message: string) => void): FrontMatter | null {
  if (!SEPARATOR.test(lines[0] ?? '')) {
    report(1, 'a deck must start with front matter: a line "---", then "id: ..." and "title: ...", then "---"');
    return null;
  }
  const end = lines.findIndex((l, i) => i > 0 && SEPARATOR.test(l));
  if (end < 0) {
    report(1, 'front matter is never closed: add a line "---" after the title');
    return null;
  }
  const values: Record<string, string> = {};
  let ok = true;
  for (let i = 1; i < end; i++) {
    const text = lines[i].trim();
    if (!text || text.startsWith('#')) continue;
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(text);
    if (!m) {
      report(i + 1, `malformed front matter line "${text}": expected "key: value"`);
      ok = false;
      continue;
    }
    const key = m[1].toLowerCase();
    if (!FRONT_MATTER_KEYS.has(key)) {
      report(i + 1, `unknown front matter key "${m[1]}" (known: ${[...FRONT_MATTER_KEYS].join(', ')})`);
      ok = false;
      continue;
    }
    if (key in values) {
      report(i + 1, `front matter key "${key}" is given twice`);
      ok = false;
    }
    values[key] = unquote(m[2].trim());
  }
  for (const key of ['id', 'title']) {
    if (!values[key]) {
      report(1, `front matter has no "${key}:"`);
      ok = false;
    }
  }
  if (values.id && !ID_PATTERN.test(values.id)) {
    report(lineOfKey(lines, end, 'id'), `deck id "${values.id}" must be lowercase letters, digits and "-"`);
    ok = false;
  }
  if (!ok) return null;
  return { id: values.id, title: values.title, description: values.description ?? '', parent: values.parent || undefined, bodyStart: end + 1 };
}

function lineOfKey(lines: string[], end: number, key: string): number {
  const i = lines.slice(0, end).findIndex((l) =>
    l
      .trim()
      .toLowerCase()
      .startsWith(key + ':')
  );
  return i + 1;
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m ? m[2] : value;
}
