import { describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/lib/decks/parse';
import { parseTagList, validateDecks } from '../../src/lib/decks/validate';
import { formatProblem } from '../../src/lib/decks/types';

const deck = (body: string, meta = 'id: demo\ntitle: Demo') => `---\n${meta}\n---\n${body}`;
const problems = (text: string) => parseDeck(text, 'cards/demo.md').problems.map(formatProblem);

describe('deck parser', () => {
  it('reads front matter, cards, tags, back and more', () => {
    const { deck: d, problems: p } = parseDeck(
      deck(
        `
# Demo deck
Intro text is a comment.

## demo-one
tags: net, TCP

What opens a TCP connection?

---

**SYN, SYN-ACK, ACK.**

--- more

Details.

## demo-two
Question two
---
Answer two
`,
        'id: demo\ntitle: "Demo deck"\ndescription: A demo.'
      ),
      'cards/demo.md'
    );
    expect(p).toEqual([]);
    expect(d).toMatchObject({ id: 'demo', title: 'Demo deck', description: 'A demo.' });
    expect(d!.cards).toEqual([
      { id: 'demo-one', tags: ['net', 'tcp'], front: 'What opens a TCP connection?', back: '**SYN, SYN-ACK, ACK.**', more: 'Details.', line: 10 },
      { id: 'demo-two', tags: [], front: 'Question two', back: 'Answer two', line: 23 }
    ]);
  });

  it('treats --- and ## inside code fences as code', () => {
    const { deck: d, problems: p } = parseDeck(
      deck(`
## demo-code
What does this print?
~~~bash
echo ---
## not a card
~~~
---
\`\`\`\`text
---
\`\`\`
## still code
\`\`\`\`
`),
      'x.md'
    );
    expect(p).toEqual([]);
    expect(d!.cards).toHaveLength(1);
    expect(d!.cards[0].front).toContain('## not a card');
    expect(d!.cards[0].back).toContain('## still code');
  });

  it('accepts CRLF line endings and a BOM', () => {
    const { deck: d, problems: p } = parseDeck('\uFEFF' + deck('\n## a-1\nQ\n---\nA\n').replace(/\n/g, '\r\n'), 'x.md');
    expect(p).toEqual([]);
    expect(d!.cards[0]).toMatchObject({ id: 'a-1', front: 'Q', back: 'A' });
  });

  it('reports every problem with file and line', () => {
    expect(problems('no front matter')).toEqual([
      'cards/demo.md:1: a deck must start with front matter: a line "---", then "id: ..." and "title: ...", then "---"'
    ]);
    expect(problems('---\nid: demo\ntitle: x\n')).toEqual(['cards/demo.md:1: front matter is never closed: add a line "---" after the title']);
    expect(problems(deck('## a\nQ\n---\nA', 'id: demo\ntitle x'))).toEqual([
      'cards/demo.md:3: malformed front matter line "title x": expected "key: value"',
      'cards/demo.md:1: front matter has no "title:"'
    ]);
    expect(problems(deck('## a\nQ\n---\nA', 'id: demo\ntitle: x\nauthor: me'))).toEqual([
      'cards/demo.md:4: unknown front matter key "author" (known: id, title, description, parent)'
    ]);
    expect(problems(deck('## a\nQ\n---\nA', 'id: Demo Deck\ntitle: x'))).toEqual([
      'cards/demo.md:2: deck id "Demo Deck" must be lowercase letters, digits and "-"'
    ]);
    expect(problems(deck('## a\nQ\n---\nA', 'title: x'))).toEqual(['cards/demo.md:1: front matter has no "id:"']);
  });

  it('reports card problems at the card line', () => {
    const text = deck(`
## ok-card
Q
---
A

## no-back
Q
---

## no-separator
Q only

## Bad Id
Q
---
A

## empty-front
---
A

## two-seps
Q
---
A
---
B

## runnable
Q
---
\`\`\`bash run
echo hi
\`\`\`

## unclosed
Q
---
\`\`\`bash
echo
`);
    expect(problems(text)).toEqual([
      'cards/demo.md:13: card "no-back" has an empty back',
      'cards/demo.md:15: card "no-separator" has no "---" line between its front and its back',
      'cards/demo.md:18: card id "Bad Id" must be lowercase letters, digits and "-" (e.g. "net-tcp-handshake")',
      'cards/demo.md:23: card "empty-front" has an empty front',
      'cards/demo.md:31: card "two-seps" has a second "---" line; use "--- more" to start the explanation',
      'cards/demo.md:37: card "runnable": runnable bash block must be followed by an ```output block',
      'cards/demo.md:44: code block opened here is never closed (add a line ```)'
    ]);
  });

  it('reports a deck without cards', () => {
    expect(problems(deck('just text\n'))).toEqual(['cards/demo.md:5: deck has no cards (a card starts with a "## card-id" heading)']);
  });
});

describe('cross-deck validation', () => {
  const parse = (text: string, file: string) => parseDeck(text, file).deck!;
  it('rejects duplicate card ids across decks, duplicate deck ids, unknown tags and parents', () => {
    const a = parse('---\nid: a\ntitle: A\n---\n## x-1\ntags: net\nQ\n---\nA\n', 'cards/a.md');
    const b = parse('---\nid: b\ntitle: B\nparent: nope\n---\n\n## x-1\ntags: bogus\nQ\n---\nA\n', 'cards/b.md');
    const c = parse('---\nid: a\ntitle: C\n---\n## c-1\nQ\n---\nA\n', 'cards/c.md');
    expect(validateDecks([a, b, c], parseTagList('# tags\nnet  Networking\n')).map(formatProblem)).toEqual([
      'cards/b.md:7: duplicate card id "x-1" (first used at cards/a.md:5)',
      'cards/b.md:8: card "x-1" uses unknown tag "bogus" (add it to cards/tags.txt)',
      'cards/c.md:1: deck id "a" is already used by cards/a.md',
      'cards/b.md:1: parent deck "nope" does not exist'
    ]);
  });

  it('accepts any tag when no tag list is given (user decks)', () => {
    const a = parse('---\nid: a\ntitle: A\n---\n## x-1\ntags: anything\nQ\n---\nA\n', 'a.md');
    expect(validateDecks([a])).toEqual([]);
  });
});
