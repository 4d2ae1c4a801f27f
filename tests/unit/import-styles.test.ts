// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { rowProblems } from '../../src/lib/backup/validate';
import { parseImportFile } from '../../src/lib/import/parse';
import { renderMarkdown } from '../../src/lib/render/markdown';
import { isScopedRule, scopedCssText, scopeSelector, splitSelectors } from '../../src/lib/render/notetype-css';
import { contrast } from '../../src/lib/render/readable-colours';
import { ankiCollection, ankiPackage } from '../fixtures/import/hostile';

/** Author CSS parsed by jsdom's CSSOM (the browser's own parser does this in the app). */
function parsedRules(css: string): CSSRuleList {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  const rules = style.sheet!.cssRules;
  style.remove();
  return rules;
}

const HOSTILE_CSS = `@import url(https://evil.test/x.css);
.card { font-family: arial; font-size: 20px; text-align: center; color: black; background-color: white; }
.nightMode .card, .night_mode .card { color: #eee; background-color: #222; }
.highlight, body { color: #c0392b; background: url(javascript:alert(1)); position: fixed; top: 0; }
* { z-index: 99; }
@font-face { font-family: x; src: url(https://evil.test/f.woff); }
@keyframes spin { from { color: red; } }
@media (max-width: 400px) { .card { font-size: 16px; } }
a, :root .x { color: red !important; }
.escaped\\:x { color: blue; }`;

describe("an Anki note type's CSS, scoped to its cards", () => {
  it('splits selector lists only at top-level commas', () => {
    expect(splitSelectors(':is(a, b) > c, [title="x,y"], d')).toEqual([':is(a, b) > c', '[title="x,y"]', 'd']);
  });

  it('nests every selector under the note type, renames classes and turns body/html/:root into the card', () => {
    expect(scopeSelector('.card')).toEqual({ selector: '& .ac-card', night: false });
    expect(scopeSelector('.nightMode .card .hl')).toEqual({ selector: '& .ac-card .ac-hl', night: true });
    expect(scopeSelector('.card.night_mode')).toEqual({ selector: '& .ac-card', night: true });
    expect(scopeSelector('body')).toEqual({ selector: '& .ac-card', night: false });
    expect(scopeSelector('html > body img')).toEqual({ selector: '& img', night: false });
    expect(scopeSelector('[title=".x"] b')).toEqual({ selector: '& [title=".x"] b', night: false });
    expect(scopeSelector('.a\\:b')).toBeNull();
    expect(scopeSelector('& ~ div')).toBeNull();
  });

  it('keeps only allowlisted declarations of style and @media rules; night-mode rules apply in the dark theme only', () => {
    const text = scopedCssText('1700000000001', parsedRules(HOSTILE_CSS));
    expect(text).not.toMatch(/url|import|position|z-index|font-face|keyframes|important|evil|top:/i);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^\[data-notetype="1700000000001"\] \{ & \.ac-card \{ font-family: arial; font-size: 20px; text-align: center; color: black; background-color: white; \}/
    );
    expect(lines[0]).toMatch(/& \.ac-highlight, & \.ac-card \{ color: (#c0392b|rgb\(192, 57, 43\)); \}/);
    expect(lines[0]).toContain('@media (max-width: 400px) { & .ac-card { font-size: 16px; } }');
    expect(lines[0]).toContain('& a, & .ac-x { color: red; }');
    expect(lines[0]).not.toMatch(/#eee|238, 238, 238/);
    const night = '{ & .ac-card { color: (#eee|rgb\\(238, 238, 238\\)); background-color: (#222|rgb\\(34, 34, 34\\)); } }';
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^:root\\[data-theme="dark"\\] \\[data-notetype="1700000000001"\\] ${night}$`));
    expect(lines[2]).toMatch(
      new RegExp(`^@media \\(prefers-color-scheme: dark\\) \\{ :root:not\\(\\[data-theme="light"\\]\\) \\[data-notetype="1700000000001"\\] ${night} }$`)
    );
    // A key that is not a plain word scopes nothing.
    expect(scopedCssText('x"] , body { color: red } [x="', parsedRules('.card { color: red }'))).toBe('');
  });

  it('accepts as top-level rules only the scope itself (the second parse is checked rule by rule)', () => {
    const key = '42';
    expect(isScopedRule({ cssText: '', selectorText: '[data-notetype="42"]' }, key)).toBe(true);
    expect(isScopedRule({ cssText: '', selectorText: ':root[data-theme="dark"] [data-notetype="42"]' }, key)).toBe(true);
    expect(isScopedRule({ cssText: '', selectorText: '[data-notetype="42"], body' }, key)).toBe(false);
    expect(isScopedRule({ cssText: '', selectorText: 'body' }, key)).toBe(false);
    expect(isScopedRule({ cssText: '@font-face {}' }, key)).toBe(false);
  });
});

describe('imported Anki cards and their note type', () => {
  const deps = { loadSql: () => initSqlJs(), now: Date.UTC(2024, 0, 1) };

  it('wraps each side in its note type and card element and carries the CSS with the file', async () => {
    const css = '.card { color: #123456; } .hl { font-weight: bold; }';
    const collection = await ankiCollection([{ guid: 'n1', fields: ['<span class="hl">chat</span>', 'cat'] }], 'French', { css });
    const parsed = await parseImportFile('styled.apkg', ankiPackage(collection), {}, deps);
    expect(parsed.noteTypeCss).toEqual({ '1700000000001': css });
    expect(parsed.cards[0].front).toBe('<!--html--><div data-notetype="1700000000001"><div class="card card1"><span class="hl">chat</span></div></div>');
    // Shown: the author classes renamed, the wrapper kept.
    const shown = document.createElement('div');
    shown.innerHTML = renderMarkdown(parsed.cards[0].front);
    expect(shown.querySelector('[data-notetype="1700000000001"] > .ac-card.ac-card1 > span.ac-hl')?.textContent).toBe('chat');
    // Without CSS, nothing is wrapped.
    const plain = await parseImportFile('plain.apkg', ankiPackage(await ankiCollection([{ guid: 'n1', fields: ['a', 'b'] }], 'x', { css: '' })), {}, deps);
    expect(plain.noteTypeCss).toBeUndefined();
    expect(plain.cards[0].front).toBe('<!--html-->a');
  });

  it('keeps data-notetype only with a plain key and only in imported HTML', () => {
    const out = (s: string) => {
      const div = document.createElement('div');
      div.innerHTML = renderMarkdown(s);
      return div.querySelector('div')!;
    };
    expect(out('<!--html--><div data-notetype="12">x</div>').getAttribute('data-notetype')).toBe('12');
    expect(out('<!--html--><div data-notetype="12&quot;] body">x</div>').hasAttribute('data-notetype')).toBe(false);
    expect(out('<div data-notetype="12">x</div>').hasAttribute('data-notetype')).toBe(false);
  });

  it('a backup carries the CSS of a deck, within the limit', () => {
    const deck = { id: 'd', title: 'D', description: '', source: 'import', hash: '', position: 1 };
    expect(rowProblems('decks', { ...deck, noteTypeCss: { '1': '.card { color: red }' }, autoplay: true })).toEqual([]);
    expect(rowProblems('decks', { ...deck, noteTypeCss: { '1': 'x'.repeat(65 * 1024) } }).join()).toMatch(/noteTypeCss/);
    expect(rowProblems('decks', { ...deck, noteTypeCss: { 'a b': '' } }).join()).toMatch(/noteTypeCss/);
  });
});

describe('readable author colours', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrast([0, 0, 0, 1], [255, 255, 255, 1])).toBeCloseTo(21, 0);
    expect(contrast([46, 125, 50, 1], [255, 255, 255, 1])).toBeGreaterThan(4.5);
    expect(contrast([46, 125, 50, 1], [30, 33, 37, 1])).toBeLessThan(4.5);
  });
});
