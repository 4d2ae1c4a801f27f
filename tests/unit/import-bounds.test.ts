import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { deflateRawSync } from 'node:zlib';
import initSqlJs from 'sql.js';
import { listZip, readEntry } from '../../src/lib/import/apkg/zip';
import { unzstdBounded, zstdFrames } from '../../src/lib/import/apkg/zstd';
import { parseImportFile } from '../../src/lib/import/parse';
import { CARD_LIMIT, COLUMN_LIMIT, FIELD_LIMIT, MB } from '../../src/lib/import/limits';
import { ankiCollection, ankiPackage, deflateZeros, hostilePackages, zipOf, zstdZeros } from '../fixtures/import/hostile';

const deps = { loadSql: () => initSqlJs(), now: Date.UTC(2024, 0, 1) };
const parse = (name: string, bytes: Uint8Array) => parseImportFile(name, bytes, {}, deps);
async function refusal(name: string, bytes: Uint8Array): Promise<string> {
  try {
    await parse(name, bytes);
  } catch (e) {
    expect((e as Error).name).toBe('ImportError');
    return (e as Error).message;
  }
  throw new Error(`${name} was accepted`);
}
const heapMB = () => process.memoryUsage().arrayBuffers / MB;

describe('hostile packages are refused before they inflate', () => {
  it('refuses every bomb, lying zip and nested or crowded zip with the limit and the size found', async () => {
    for (const { name, bytes, message } of await hostilePackages()) {
      const before = heapMB();
      const text = await refusal(name, bytes);
      expect(text, name).toMatch(message);
      expect(text, name).toContain(`"${name}"`);
      // Far below what any bomb would inflate to (2 GB): only the file and one inflate step are ever held.
      expect(heapMB() - before, name).toBeLessThan(64);
    }
  }, 60_000);

  it('inflates an honest entry exactly and checks what it declares', () => {
    const data = new TextEncoder().encode('hello '.repeat(10_000));
    const zip = zipOf([{ name: 'a', data: new Uint8Array(deflateRawSync(data)), method: 8, size: data.length }]);
    const [entry] = listZip(zip, 'x.apkg');
    expect(readEntry(zip, entry, 'x.apkg', { bytes: MB, what: 'x' })).toEqual(data);
    // Shorter than declared: damaged, not silently padded.
    const short = zipOf([{ name: 'a', data: new Uint8Array(deflateRawSync(data)), method: 8, size: data.length + 1 }]);
    expect(() => readEntry(short, listZip(short, 'x.apkg')[0], 'x.apkg', { bytes: MB, what: 'x' })).toThrow(/decompresses to 60000 bytes, not the 60001/);
    // fflate's own zips (data descriptors, its headers) read the same way.
    const theirs = zipSync({ b: data });
    expect(readEntry(theirs, listZip(theirs, 'y.apkg')[0], 'y.apkg', { bytes: MB, what: 'x' })).toEqual(data);
  });

  it('a 4 MB deflate bomb segment really inflates to its size (the builder is honest)', () => {
    const bomb = deflateZeros(4 * MB);
    const zip = zipOf([{ name: 'z', data: bomb, method: 8, size: 4 * MB }]);
    const out = readEntry(zip, listZip(zip, 'z.apkg')[0], 'z.apkg', { bytes: 8 * MB, what: 'x' });
    expect(out.length).toBe(4 * MB);
    expect(out.every((b) => b === 0)).toBe(true);
  });

  it('reads the zstd block headers: exact for raw and RLE blocks, bounded for compressed ones', () => {
    expect(zstdFrames(zstdZeros(2 * 1024 * MB))).toEqual([expect.objectContaining({ declared: 2 * 1024 * MB, exact: 2 * 1024 * MB, upTo: 2 * 1024 * MB })]);
    expect(zstdFrames(zstdZeros(300_000, { declare: false }))![0]).toMatchObject({ declared: undefined, exact: 300_000, window: 128 * 1024 });
    const small = zstdZeros(300_000, { declare: false });
    expect(unzstdBounded(small, 'c', 'f.apkg', { bytes: MB, what: 'x' }).every((b) => b === 0)).toBe(true);
    expect(() => unzstdBounded(small, 'c', 'f.apkg', { bytes: 200_000, what: 'a test' })).toThrow(
      /"c" inside it would be at least 293 KB once decompressed.*the limit is 196 KB for a test/
    );
    expect(zstdFrames(small.subarray(0, 12))).toBeNull();
  });

  it('still imports an ordinary package', async () => {
    const collection = await ankiCollection([{ guid: 'ok1', fields: ['Question', 'Answer'] }]);
    const parsed = await parse('ok.apkg', ankiPackage(collection));
    expect(parsed.cards.map((c) => c.key)).toEqual(['a:ok1.0']);
  });

  it('leaves out a note with a field past the limit, naming it', async () => {
    const collection = await ankiCollection([
      { guid: 'big', fields: ['Q', 'x'.repeat(FIELD_LIMIT + 1)] },
      { guid: 'ok', fields: ['Q2', 'A2'] }
    ]);
    const parsed = await parse('big-field.apkg', ankiPackage(collection));
    expect(parsed.cards.map((c) => c.key)).toEqual(['a:ok.0']);
    expect(parsed.problems).toContainEqual(
      expect.objectContaining({ severity: 'error', message: 'field "Back" is more than 1 MB; the limit is 1 MB per field; card 1 skipped' })
    );
  });
});

describe('text files have row, column and field limits', () => {
  const csv = (text: string) => new TextEncoder().encode(text);

  it('refuses a CSV with more rows than the card limit, without reading them all', async () => {
    const text = 'front,back\n' + 'a,b\n'.repeat(CARD_LIMIT + 5);
    expect(await refusal('rows.csv', csv(text))).toBe(
      `"rows.csv" was refused: it has more than 200,000 rows (the limit is 200,000 cards per import); split it into smaller files. Nothing was imported.`
    );
  });

  it('refuses a row with too many columns, naming the line', async () => {
    const text = 'front,back\nq,a\n' + Array.from({ length: COLUMN_LIMIT + 1 }, (_, i) => `c${i}`).join(',') + '\n';
    expect(await refusal('wide.csv', csv(text))).toBe(`"wide.csv" was refused: line 3 has 101 columns; the limit is 100. Nothing was imported.`);
  });

  it('leaves out a row with a field past the limit, naming the line and column', async () => {
    const parsed = await parse('field.csv', csv(`front,back\nq,${'y'.repeat(FIELD_LIMIT + 10)}\nq2,a2\n`));
    expect(parsed.cards).toHaveLength(1);
    expect(parsed.problems).toContainEqual(
      expect.objectContaining({ where: 'line 2', severity: 'error', message: 'the back, "back" (column 2), is more than 1 MB; the limit is 1 MB per field' })
    );
  });

  it('refuses a Markdown deck with more cards than the limit, and leaves out an oversized card', async () => {
    const head = '---\nid: big\ntitle: Big\n---\n';
    const many = head + Array.from({ length: CARD_LIMIT + 1 }, (_, i) => `\n## c${i}\nq\n\n---\n\na\n`).join('');
    expect(await refusal('many.md', csv(many))).toMatch(/"many.md" was refused: it has more than 200,000 cards \(the limit per import\)/);
    const parsed = await parse('one.md', csv(`${head}\n## big-one\n${'z'.repeat(FIELD_LIMIT + 1)}\n\n---\n\na\n\n## fine\nq\n\n---\n\na\n`));
    expect(parsed.cards.map((c) => c.key)).toEqual(['m:fine']);
    expect(parsed.problems[0].message).toBe('card "big-one": the front is more than 1 MB; the limit is 1 MB per field; skipped');
  });
});
