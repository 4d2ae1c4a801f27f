import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/decks/types';
import { deckFileNames, loadDeckDir } from '../../scripts/deck-files';
import { normalizeOutput, normalizeSqlOutput, runnableBlocks, runScript, runSql, shellSyntaxProblems, sqlChecks } from './snippet-runner';
import { closePostgres } from './sql-postgres';

const cardsDir = join(import.meta.dirname, '..', '..', 'cards');
const { decks, problems } = loadDeckDir(cardsDir);

describe('built-in decks in cards/', () => {
  it('pass validation (the same check as the build step)', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('exist and have cards', () => {
    expect(decks.length).toBeGreaterThan(0);
    for (const deck of decks) expect(deck.cards.length, deck.file).toBeGreaterThan(0);
  });
});

describe('shell code on the cards', () => {
  it('every bash/sh block parses with bash -n, runnable or not', () => {
    const files = deckFileNames(cardsDir).map((name) => ({ file: `cards/${name}`, text: readFileSync(join(cardsDir, name), 'utf8') }));
    expect(shellSyntaxProblems(files)).toEqual([]);
  }, 60_000);

  it('reports a block that does not parse with its file and line', () => {
    const text = ['---', 'id: x', 'title: X', '---', '## x-1', 'Q', '---', '```bash', 'git revert <sha>', '```', ''].join('\n');
    expect(shellSyntaxProblems([{ file: 'cards/x.md', text }])).toEqual([expect.stringMatching(/^cards\/x\.md:8: bash block fails bash -n: .*syntax error/)]);
  });
});

describe('runnable code in the decks gives the output shown on the card', () => {
  const runnables = runnableBlocks(decks);
  it('there are runnable blocks to check', () => expect(runnables.length).toBeGreaterThan(0));
  it.each(runnables.map((r) => [r.where, r] as const))(
    '%s',
    async (_where, r) => {
      expect(normalizeOutput(runScript(r.block))).toBe(normalizeOutput(r.expected));
    },
    30_000
  ); // interpreters start slowly on a loaded 2-core machine
});

describe('SQL on the cards runs in every dialect its block names (dialects=...)', () => {
  const checks = sqlChecks(decks);
  afterAll(closePostgres);
  it('there are SQL blocks checked in SQLite and in PostgreSQL', () => {
    expect(checks.filter((c) => c.dialect === 'sqlite').length).toBeGreaterThan(10);
    expect(checks.filter((c) => c.dialect === 'postgresql').length).toBeGreaterThan(10);
  });
  it('really runs PostgreSQL, and a block that does not run in a dialect it names fails', async () => {
    const block = (code: string) => ({ lang: 'sql', flags: ['dialects=sqlite,postgresql'], code, line: 1 });
    expect(await runSql(block("SELECT '2026-11-25'::date - 29 AS d, 7 / 2 AS i, NULL AS n"), 'postgresql')).toBe('d | i | n\n2026-10-27 | 3 | NULL');
    await expect(runSql(block("SELECT '2026-11-25'::date"), 'sqlite')).rejects.toThrow(/syntax error|unrecognized token/);
    await expect(runSql(block("SELECT date('2026-11-25', '-29 days')"), 'postgresql')).rejects.toThrow(/function date\(unknown, unknown\) does not exist/);
  }, 240_000); // PGlite's first start: 62 s on a loaded two-core CI run
  it.each(checks.map((c) => [c.where, c] as const))(
    '%s',
    async (_where, c) => {
      const actual = await runSql(c.block, c.dialect);
      if (c.expected !== undefined) expect(normalizeSqlOutput(actual, c.dialect)).toBe(normalizeSqlOutput(c.expected, c.dialect));
    },
    60_000
  ); // the first PostgreSQL block waits for PGlite to start
});
