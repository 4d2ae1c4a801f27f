import { describe, expect, it } from 'vitest';
import { compareTyped, typeTarget } from '../../src/lib/study/type-answer';

const show = (parts: { kind: string; text: string }[]) => parts.map((p) => (p.kind === 'good' ? p.text : `[${p.kind}:${p.text}]`)).join('');

describe('comparing a typed answer, as Anki shows it', () => {
  it('an exact answer is all good', () => {
    const c = compareTyped('  mitochondria ', 'mitochondria', false);
    expect(c.exact).toBe(true);
    expect(show(c.typed)).toBe('mitochondria');
    expect(show(c.expected)).toBe('mitochondria');
  });

  it('marks wrong typed characters bad and untyped expected ones missing, character by character', () => {
    const c = compareTyped('mitocondira', 'mitochondria', false);
    expect(c.exact).toBe(false);
    // Every typed character is either kept or marked; the good ones are a common subsequence of both.
    expect(c.typed.map((p) => p.text).join('')).toBe('mitocondira');
    expect(c.expected.map((p) => p.text).join('')).toBe('mitochondria');
    expect(show(c.typed)).toBe('mitocond[bad:i]ra');
    expect(show(c.expected)).toBe('mitoc[missing:h]ondr[missing:i]a');
    const good = (parts: typeof c.typed) =>
      parts
        .filter((p) => p.kind === 'good')
        .map((p) => p.text)
        .join('');
    expect(good(c.typed)).toBe(good(c.expected));
    expect(c.typed.some((p) => p.kind === 'bad')).toBe(true);
  });

  it('shows a missing ending and an extra word', () => {
    expect(show(compareTyped('TCP', 'TCP/IP', false).expected)).toBe('TCP[missing:/IP]');
    expect(show(compareTyped('the TCP', 'TCP', false).typed)).toBe('[bad:the ]TCP');
  });

  it('counts case, as Anki does', () => {
    expect(compareTyped('tcp', 'TCP', false).exact).toBe(false);
  });

  it('code: runs of whitespace, indentation and line breaks do not count; everything else does', () => {
    const expected = 'for x in xs:\n    print(x)\n';
    expect(compareTyped('for x in xs: print(x)', expected, true).exact).toBe(true);
    expect(compareTyped('for  x in xs:\n\tprint(x)', expected, true).exact).toBe(true);
    expect(compareTyped('for x in xs: print(y)', expected, true).exact).toBe(false);
    // Prose keeps its inner whitespace.
    expect(compareTyped('a  b', 'a b', false).exact).toBe(false);
  });

  it('stays bounded on very long answers (a plain verdict past the table size)', () => {
    const long = 'x'.repeat(5000);
    const c = compareTyped(long + 'a', long.replace(/^x/, 'y') + 'b', false);
    expect(c.exact).toBe(false);
    expect(c.typed.map((p) => p.text).join('')).toBe(long + 'a');
  });
});

describe('what a card asks to be typed', () => {
  it("an imported type-in card's expected answer", () => {
    expect(typeTarget({ back: '<!--html-->whatever', typeIn: { expected: 'Paris' } })).toEqual({ text: 'Paris', code: false });
  });
  it('the first code block of a Markdown back, as code', () => {
    expect(typeTarget({ back: 'Use a list comprehension:\n\n```python\n[x * 2 for x in xs]\n```\n\nIt is faster.' })).toEqual({
      text: '[x * 2 for x in xs]',
      code: true
    });
  });
  it('else the first paragraph as plain text', () => {
    expect(typeTarget({ back: '**UDP** does not retransmit.\n\nIt leaves reliability to the application.' })).toEqual({
      text: 'UDP does not retransmit.',
      code: false
    });
    expect(typeTarget({ back: '| # | layer |\n| --- | --- |\n| 1 | Physical |\n| 2 | Data link |' }).text).toBe('# layer 1 Physical 2 Data link');
    expect(typeTarget({ back: '<!--html--><p>Holds the <b>DNA</b></p><p>and more</p>' })).toEqual({ text: 'Holds the DNA', code: false });
    expect(typeTarget({ back: '<!--html--><pre><code>ls  -la</code></pre>' })).toEqual({ text: 'ls  -la', code: true });
  });
});
