import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import type { CardRow, DeckRow } from '../../src/lib/db/schema';
import { cardRow } from './card-rows';
import { parseDeck } from '../../src/lib/decks/parse';
import { EMPTY_SIDE, deckToMarkdown, escapeSection } from '../../src/lib/export/markdown-deck';

const deck: DeckRow = { id: 'sql-basics', title: 'SQL basics', description: 'Joins, grouping and windows.', source: 'user', hash: 'h', position: 0 };

function card(id: string, front: string, back: string, extra: Partial<CardRow> = {}): CardRow {
  return cardRow(id, { deckId: deck.id, front, back, ...extra });
}

function roundTrip(cards: CardRow[], d = deck) {
  const { text, notes } = deckToMarkdown(d, cards);
  const result = parseDeck(text, 'export.md');
  return { text, notes, result };
}

/** What a reader sees: the HTML marked renders, with HTML comments (removed by the sanitizer) dropped. */
const render = (md: string) => (marked.parse(md, { async: false }) as string).replace(/<!--[\s\S]*?-->\n?/g, '').trim();

describe('deck to Markdown', () => {
  it('round-trips ordinary cards exactly through parseDeck', () => {
    const cards = [
      card('sql-join', 'What does a **LEFT JOIN** keep?', 'Every row of the left table.', {
        tags: ['sql', 'joins'],
        more: 'Unmatched right columns are `NULL`.'
      }),
      card('sql-count', 'Count rows per group:\n\n```sql\nSELECT dept, count(*) FROM emp GROUP BY dept;\n```', 'One row per `dept`.\n\n- a list\n- of items', {
        tags: []
      }),
      card('sql-window', 'Running total?', '```sql run db=shop\nSELECT sum(x) OVER (ORDER BY id) FROM t;\n```\n\n```output\nsum\n1\n```')
    ];
    const { result, notes } = roundTrip(cards);
    expect(result.problems).toEqual([]);
    expect(notes).toEqual([]);
    expect(result.deck).toMatchObject({ id: 'sql-basics', title: 'SQL basics', description: 'Joins, grouping and windows.' });
    expect(result.deck!.cards.map(({ line: _line, ...c }) => c)).toEqual([
      { id: 'sql-join', front: cards[0].front, back: cards[0].back, more: cards[0].more, tags: ['sql', 'joins'] },
      { id: 'sql-count', front: cards[1].front, back: cards[1].back, tags: [] },
      { id: 'sql-window', front: cards[2].front, back: cards[2].back, tags: [] }
    ]);
  });

  it('keeps --- and ## lines inside code fences untouched', () => {
    const front = 'What does this YAML print?\n\n```yaml\n---\nkey: 1\n## not a card\n--- more\n```';
    const back = '~~~markdown\n## Heading\n---\n~~~\n\nDone.';
    const { result } = roundTrip([card('yaml-doc', front, back)]);
    expect(result.problems).toEqual([]);
    expect(result.deck!.cards).toHaveLength(1);
    expect(result.deck!.cards[0]).toMatchObject({ front, back });
  });

  it('escapes ---, --- more and ## lines outside fences so they render the same', () => {
    const cases = [
      card('setext', 'Title\n---\nbody', 'A rule:\n\n---\n\nbelow'),
      card('more-line', 'Literal\n--- more\ntext', '--- MORE'),
      card('heading', '## Not a card\n\ntext', 'Before\n\n## Section\n\nafter'),
      card('rule-first', '---\nstarts with a rule', 'ok'),
      card('nbsp-heading', '##\u00a0x', 'ok')
    ];
    const { result } = roundTrip(cases);
    expect(result.problems).toEqual([]);
    const parsed = result.deck!.cards;
    expect(parsed.map((c) => c.id)).toEqual(cases.map((c) => c.id));
    parsed.forEach((p, i) => {
      expect(render(p.front), `front of ${p.id}`).toBe(render(cases[i].front));
      expect(render(p.back), `back of ${p.id}`).toBe(render(cases[i].back));
    });
    // The escaped spellings, exactly.
    expect(parsed[0].front).toBe('Title\n----\nbody');
    expect(parsed[1].front).toBe('Literal\n\\--- more\ntext');
    expect(parsed[2].back).toBe('Before\n\n ## Section\n\nafter');
  });

  it('closes a code fence left open so it cannot swallow the next card', () => {
    const cases = [card('open-fence', 'Unclosed:\n\n```bash\necho hi\n---\n## x', 'answer'), card('next', 'Q', 'A')];
    const { result } = roundTrip(cases);
    expect(result.problems).toEqual([]);
    expect(result.deck!.cards.map((c) => c.id)).toEqual(['open-fence', 'next']);
    expect(result.deck!.cards[0].front).toBe('Unclosed:\n\n```bash\necho hi\n---\n## x\n```');
    expect(render(result.deck!.cards[0].front)).toBe(render(cases[0].front));
  });

  it('keeps a leading indented code block, empty sides and a front starting with "tags:"', () => {
    const cases = [
      card('indented', '    indented code\n    line 2', 'ok'),
      card('empty-back', 'Only a front', ''),
      card('tags-front', 'tags: this is the question', 'ok', { tags: ['t'] }),
      card('crlf', 'line 1\r\nline 2', 'ok')
    ];
    const { result } = roundTrip(cases);
    expect(result.problems).toEqual([]);
    const [indented, empty, tagsFront, crlf] = result.deck!.cards;
    expect(render(indented.front)).toBe(render(cases[0].front));
    expect(render(indented.front)).toContain('<pre><code>indented code');
    expect(empty.back).toBe(EMPTY_SIDE);
    expect(render(empty.back)).toBe('');
    expect(tagsFront).toMatchObject({ front: 'tags: this is the question', tags: ['t'] });
    expect(crlf.front).toBe('line 1\nline 2');
  });

  it('renames ids and tags the format cannot hold, and says so', () => {
    const cases = [card('Card One', 'Q1', 'A1', { tags: ['Algo::Sorting', 'ok'] }), card('card one', 'Q2', 'A2')];
    const { result, notes } = roundTrip(cases, { ...deck, id: 'My Deck', title: '"Quoted"', description: 'two\nlines' });
    expect(result.problems).toEqual([]);
    expect(result.deck).toMatchObject({ id: 'my-deck', title: '"Quoted"', description: 'two lines' });
    expect(result.deck!.cards.map((c) => [c.id, c.tags])).toEqual([
      ['card-one', ['algo-sorting', 'ok']],
      ['card-one-2', []]
    ]);
    expect(notes).toEqual([
      'deck id "My Deck" is written as "my-deck"',
      'card id "Card One" is written as "card-one"',
      'card id "card one" is written as "card-one-2"',
      'tags renamed to lowercase letters, digits and "-": Algo::Sorting'
    ]);
  });

  it('escapeSection leaves ordinary text alone', () => {
    const text = 'A paragraph with --- dashes inside\n\n- a list\n\n### A level-3 heading';
    expect(escapeSection(text)).toBe(text);
  });
});
