import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/decks/types';
import { deckFileNames, loadDeckDir } from '../../scripts/deck-files';
import { normalizeOutput, runnableBlocks, runScript, runSql, shellSyntaxProblems } from './snippet-runner';

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
    expect(shellSyntaxProblems([{ file: 'cards/x.md', text }])).toEqual([
      expect.stringMatching(/^cards\/x\.md:8: bash block fails bash -n: .*syntax error/)
    ]);
  });
});

describe('runnable code in the decks gives the output shown on the card', () => {
  const runnables = runnableBlocks(decks);
  it('there are runnable blocks to check', () => expect(runnables.length).toBeGreaterThan(0));
  it.each(runnables.map((r) => [r.where, r] as const))('%s', async (_where, r) => {
    const actual = r.block.lang === 'sql' ? await runSql(r.block) : runScript(r.block);
    expect(normalizeOutput(actual)).toBe(normalizeOutput(r.expected));
  }, 30_000); // interpreters start slowly on a loaded 2-core machine
});
