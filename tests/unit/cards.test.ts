import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lib/decks/types';
import { loadDeckDir } from '../../scripts/deck-files';
import { normalizeOutput, runnableBlocks, runScript, runSql } from './snippet-runner';

const { decks, problems } = loadDeckDir(join(import.meta.dirname, '..', '..', 'cards'));

describe('built-in decks in cards/', () => {
  it('pass validation (the same check as the build step)', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('exist and have cards', () => {
    expect(decks.length).toBeGreaterThan(0);
    for (const deck of decks) expect(deck.cards.length, deck.file).toBeGreaterThan(0);
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
