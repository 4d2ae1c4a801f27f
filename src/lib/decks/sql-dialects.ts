import { codeBlocks, flagValue } from './fences';
import type { DeckProblem } from './types';

/**
 * The SQL dialects a deck's `sql` block can name in its info string (`dialects=sqlite,postgresql`).
 * In the built-in decks the test suite runs the block in each one (cards/README.md).
 */
export const SQL_DIALECTS = { sqlite: 'SQLite', postgresql: 'PostgreSQL' } as const;
export type SqlDialect = keyof typeof SQL_DIALECTS;

const isDialect = (name: string): name is SqlDialect => Object.hasOwn(SQL_DIALECTS, name);

/** The names listed in `dialects=`, or null when the block has no such flag. */
export function dialectNames(flags: string[]): string[] | null {
  const value = flagValue(flags, 'dialects');
  return value === undefined
    ? null
    : value
        .split(',')
        .map((d) => d.trim().toLowerCase())
        .filter(Boolean);
}

/** The known dialects a block names, in the order written. */
export function blockDialects(flags: string[]): SqlDialect[] {
  return [...new Set((dialectNames(flags) ?? []).filter(isDialect))];
}

/** "SQLite, PostgreSQL" for the code label, or '' when the block names no known dialect. */
export function dialectLabel(flags: string[]): string {
  return blockDialects(flags)
    .map((d) => SQL_DIALECTS[d])
    .join(', ');
}

/**
 * Built-in decks only: every runnable `sql` block says which dialects its answer is checked in,
 * with known names, and only `sql` blocks name dialects. `markdown` is a whole deck file.
 */
export function sqlDialectProblems(markdown: string, file: string): DeckProblem[] {
  const problems: DeckProblem[] = [];
  const known = Object.keys(SQL_DIALECTS).join(', ');
  for (const block of codeBlocks(markdown.replace(/\r\n?/g, '\n'))) {
    const names = dialectNames(block.flags);
    const report = (message: string) => problems.push({ file, line: block.line, message });
    if (block.lang !== 'sql') {
      if (names) report(`dialects= is only for sql blocks, not ${block.lang || 'unlabelled'} blocks`);
      continue;
    }
    if (!names) {
      if (block.flags.includes('run')) report(`runnable sql block must say which dialects it is checked in: add dialects=${known} (one or both)`);
      continue;
    }
    if (names.length === 0) report(`dialects= is empty: name one or more of ${known}`);
    for (const name of names) if (!isDialect(name)) report(`unknown SQL dialect "${name}" (known: ${known})`);
  }
  return problems;
}
