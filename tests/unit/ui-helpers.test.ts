import { describe, expect, it } from 'vitest';
import { excerpt } from '../../src/lib/ui/excerpt';
import { safeReturnPath } from '../../src/lib/ui/return-path';

describe('safeReturnPath (no open redirects after saving a card)', () => {
  it('accepts paths inside the app', () => {
    expect(safeReturnPath('/study/networking', '', '/browse')).toBe('/study/networking');
    expect(safeReturnPath('/app/study/x', '/app', '/app/browse')).toBe('/app/study/x');
  });
  it.each([null, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'study/x'])('refuses %s', (value) => {
    expect(safeReturnPath(value, '', '/browse')).toBe('/browse');
  });
  it('refuses paths outside the base', () => {
    expect(safeReturnPath('/other/x', '/app', '/app/browse')).toBe('/app/browse');
  });
});

describe('excerpt', () => {
  it('gives one line of plain text without Markdown, HTML or code', () => {
    expect(excerpt('**What** does `ls -l` show?\n\n```bash\nls -l\n```\n<b>x</b> [link](http://a)')).toBe('What does ls -l show? [code] x link');
  });
  it('shortens long text with an ellipsis', () => {
    const text = excerpt('word '.repeat(100), 20);
    expect(text).toHaveLength(20);
    expect(text.endsWith('…')).toBe(true);
  });
});
