// Node-only: reads cards/ and validates it. Shared by the build step and the test suite.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDeck } from '../src/lib/decks/parse';
import { sqlDialectProblems } from '../src/lib/decks/sql-dialects';
import { parseTagList, validateDecks } from '../src/lib/decks/validate';
import type { DeckProblem, DeckSource } from '../src/lib/decks/types';

export function deckFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort();
}

export function loadDeckDir(dir: string): { decks: DeckSource[]; problems: DeckProblem[] } {
  const knownTags = parseTagList(readFileSync(join(dir, 'tags.txt'), 'utf8'));
  const decks: DeckSource[] = [];
  const problems: DeckProblem[] = [];
  for (const name of deckFileNames(dir)) {
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8');
    const result = parseDeck(text, `cards/${name}`);
    problems.push(...result.problems, ...sqlDialectProblems(text, `cards/${name}`));
    if (result.deck) decks.push(result.deck);
  }
  problems.push(...validateDecks(decks, knownTags));
  return { decks, problems };
}
