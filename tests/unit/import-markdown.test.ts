import { describe, expect, it } from 'vitest';
import { importErrorOf, parseFixture } from './import-helpers';
import { parseMarkdownDeck } from '../../src/lib/import/markdown-deck';

describe('Markdown decks (the cards/ format, same parser)', () => {
  it('imports cards with their ids, tags of any name and the "more" section', async () => {
    const parsed = await parseFixture('deck.md');
    expect(parsed).toMatchObject({ format: 'markdown', suggestedTitle: 'My shell notes', description: 'Cards I wrote myself.', problems: [] });
    expect(parsed.cards.map((c) => c.key)).toEqual(['m:sh-count-lines', 'm:sh-last-exit']);
    expect(parsed.cards[0]).toMatchObject({
      front: 'How do you count the lines of `file.txt`?',
      back: '```bash\nwc -l file.txt\n```',
      more: '`wc -l < file.txt` prints the number without the file name.',
      tags: ['shell', 'my-own-tag']
    });
  });

  it('reports each bad card with its line and keeps the good ones', async () => {
    const parsed = await parseFixture('bad/bad-deck.md');
    expect(parsed.cards.map((c) => c.key)).toEqual(['m:good-card']);
    expect(parsed.problems.map((p) => [p.line, p.severity, p.message])).toEqual([
      [14, 'error', 'card "no-back" has no "---" line between its front and its back'],
      [18, 'error', 'card id "Bad Id" must be lowercase letters, digits and "-" (e.g. "net-tcp-handshake")'],
      [30, 'error', 'card "empty-back" has an empty back']
    ]);
  });

  it('warns (without dropping the card) about a bad tag, and rejects duplicate ids', () => {
    const parsed = parseMarkdownDeck('---\nid: d\ntitle: D\n---\n## a\ntags: Bad_Tag, ok\n\nQ\n\n---\n\nA\n\n## a\n\nQ2\n\n---\n\nA2\n', 'd.md');
    expect(parsed.cards).toHaveLength(1);
    expect(parsed.cards[0].tags).toEqual(['ok']);
    expect(parsed.problems.map((p) => [p.severity, p.message])).toEqual([
      ['warning', 'tag "bad_tag" must be lowercase letters, digits and "-"'],
      ['error', 'card id "a" is used twice (first at line 5); this row is skipped']
    ]);
  });

  it('refuses a file without front matter', async () => {
    expect(() => parseMarkdownDeck('## q\n\nQ\n\n---\n\nA\n', 'notes.md')).toThrow(
      /"notes.md" is not a Markdown deck: line 1: a deck must start with front matter/
    );
    expect(() => parseMarkdownDeck('', 'e.md')).toThrow(/is empty/);
    await expect(importErrorOf('deck.md')).rejects.toThrow(/was accepted/);
  });
});

describe('telling a Markdown deck from delimited text in a .txt file', () => {
  it('reads front matter at the start as a deck, anything else as delimited text', async () => {
    const { parseImportFile } = await import('../../src/lib/import/parse');
    const deps = { loadSql: () => Promise.reject(new Error('not needed')) };
    const deck = await parseImportFile('notes.txt', new TextEncoder().encode('---\nid: n\ntitle: N\n---\n## a\n\nQ\n\n---\n\nA\n'), {}, deps);
    expect(deck.format).toBe('markdown');
    const csv = await parseImportFile('list.txt', new TextEncoder().encode('a\tb\n---\tc\nid: x\ty\n'), {}, deps);
    expect(csv.format).toBe('csv');
    expect(csv.cards).toHaveLength(3);
  });
});
