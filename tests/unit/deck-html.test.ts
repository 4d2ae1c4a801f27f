// @vitest-environment jsdom
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTimeRenderer } from '../../scripts/deck-html';
import { loadDeckDir } from '../../scripts/deck-files';
import { compileDeck } from '../../src/lib/decks/compile';
import type { DeckSource } from '../../src/lib/decks/types';
import { renderMarkdown } from '../../src/lib/render/markdown';

// The build step renders over its own jsdom window; renderMarkdown here is the app's renderer
// over the test page's window, as CardContent uses it for cards without stored HTML.
const render = buildTimeRenderer();

describe('built-in cards are rendered at build time exactly as the app renders them', () => {
  it('every built-in card, every side', () => {
    const { decks, problems } = loadDeckDir(join(import.meta.dirname, '..', '..', 'cards'));
    expect(problems).toEqual([]);
    let sides = 0;
    let all = '';
    for (const deck of decks) {
      for (const card of compileDeck(deck, render).cards) {
        expect(card.html, card.id).toEqual({
          front: renderMarkdown(card.front),
          back: renderMarkdown(card.back),
          ...(card.more ? { more: renderMarkdown(card.more) } : {})
        });
        sides += card.more ? 3 : 2;
        all += card.html!.front + card.html!.back + (card.html!.more ?? '');
      }
    }
    expect(sides).toBeGreaterThan(600);
    // The app's own markup is there: the same marked options (code labels, output captions, tables).
    expect(all).toContain('<pre class="code" data-lang="bash"><code class="language-bash">');
    expect(all).toContain('<figure class="code-output"><figcaption>Output</figcaption><pre><code>');
    expect(all).toContain('<table>');
    // SQL code labels name the dialects each block is checked in (cards/README.md).
    expect(all).toContain('<pre class="code" data-lang="sql · SQLite, PostgreSQL"><code class="language-sql">');
  }, 240_000); // ~600 cards through jsdom twice: 64 s on a loaded 2-core machine

  it('applies the same sanitizer rules and hook (links, classes, handlers)', () => {
    const markdown = [
      'See [the docs](https://example.com/a) or <a href="javascript:alert(1)">this</a>.',
      '',
      '<img src=x onerror=alert(1)> <b class="skip code" style="color:red" id="main">bold</b>',
      '',
      '```python run',
      'print("<b>")',
      '```',
      '',
      '```output',
      '<b>',
      '```',
      '',
      '| a | b |',
      '| --- | --- |',
      '| 1 | `x` |'
    ].join('\n');
    const built = render(markdown);
    expect(built).toBe(renderMarkdown(markdown));
    expect(built).toContain('<a href="https://example.com/a" target="_blank" rel="noopener noreferrer nofollow">the docs</a>');
    expect(built).toContain('<b class="code">bold</b>');
    expect(built).toContain('<pre class="code" data-lang="python"><code class="language-python">print("&lt;b&gt;")</code></pre>');
    expect(built).not.toMatch(/onerror|javascript:|style=|id=|skip/);
  });

  it('the compiled deck hash changes when only the HTML does', () => {
    const deck: DeckSource = { id: 'd', title: 'D', description: '', file: 'd.md', cards: [{ id: 'd-1', front: 'Q', back: '`A`', tags: [], line: 5 }] };
    const first = compileDeck(deck, render);
    expect(compileDeck(deck, render).hash).toBe(first.hash);
    expect(compileDeck(deck, (md) => render(md).replace('<code>', '<code class="x">')).hash).not.toBe(first.hash);
    expect(first.cards[0]).toEqual({ id: 'd-1', front: 'Q', back: '`A`', tags: [], html: { front: '<p>Q</p>\n', back: '<p><code>A</code></p>\n' } });
  });
});
