import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/lib/import/limits';
import { decodeText } from '../../src/lib/import/text-decode';
import { body, fixture, importErrorOf, parseFixture } from './import-helpers';

describe('text encodings and file checks', () => {
  it('decodes UTF-8 with and without BOM, and UTF-16 with a BOM', async () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62]), 'x.csv')).toBe('a,b');
    expect(decodeText(new TextEncoder().encode('é,ü'), 'x.csv')).toBe('é,ü');
    const parsed = await parseFixture('utf16-bom.csv');
    expect(parsed.cards.map((c) => body(c.front))).toEqual(['Café', 'Naïve']);
  });

  it('refuses UTF-16 without BOM, Latin-1 and binary junk with specific messages', async () => {
    expect(await importErrorOf('bad/utf16-no-bom.csv')).toMatch(/looks like UTF-16 text without a byte-order mark.*Save it as UTF-8/);
    expect(await importErrorOf('bad/latin1.csv')).toBe(
      '"latin1.csv" is not valid UTF-8 (first bad byte at line 2, byte 15). It is probably in an older encoding such as Windows-1252 or Latin-1: save it as UTF-8 (in Excel: "CSV UTF-8") and import it again.'
    );
    expect(await importErrorOf('bad/binary.csv')).toMatch(/"binary.csv" is not a text file \(it contains binary data\)/);
    expect(() => decodeText(fixture('sample.apkg'), 'deck.csv')).toThrow(/is a zip archive, not a text file/);
  });

  it('states the size limits and refuses other file types before reading', () => {
    expect(checkFile('big.csv', 50 * 1024 * 1024 + 1)).toBe('"big.csv" is more than 50 MB; the limit is 50 MB for text files. Split it into smaller files.');
    expect(checkFile('big.apkg', 101 * 1024 * 1024)).toBe('"big.apkg" is 101 MB; the limit is 100 MB for Anki packages. Split it into smaller files.');
    expect(checkFile('ok.apkg', 99 * 1024 * 1024)).toBeNull();
    expect(checkFile('sheet.xlsx', 10)).toMatch(/is not a file type this app imports/);
    expect(checkFile('empty.md', 0)).toBe('"empty.md" is empty (0 bytes).');
  });
});
