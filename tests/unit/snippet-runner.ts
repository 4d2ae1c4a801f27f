// Executes the runnable code blocks of the built-in decks (see cards/README.md).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs, { type SqlJsStatic, type Statement } from 'sql.js';
import { codeBlocks, flagValue, type CodeBlock } from '../../src/lib/decks/fences';
import { blockDialects, type SqlDialect } from '../../src/lib/decks/sql-dialects';
import type { DeckSource } from '../../src/lib/decks/types';
import { runPostgres } from './sql-postgres';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'tests', 'fixtures');

export interface Runnable {
  where: string;
  block: CodeBlock;
  expected: string;
}

/** Every runnable script block (not SQL: see sqlChecks) in the decks with the output block that follows it. */
export function runnableBlocks(decks: DeckSource[]): Runnable[] {
  const out: Runnable[] = [];
  for (const deck of decks) {
    for (const card of deck.cards) {
      for (const part of [card.front, card.back, card.more ?? '']) {
        const blocks = codeBlocks(part);
        blocks.forEach((block, i) => {
          if (!block.flags.includes('run') || block.lang === 'sql') return;
          const next = blocks[i + 1];
          if (next?.lang !== 'output') throw new Error(`${deck.file}: card ${card.id}: runnable block without output`);
          out.push({ where: `${deck.file} ${card.id} (${block.lang})`, block, expected: next.code });
        });
      }
    }
  }
  return out;
}

export interface SqlCheck {
  where: string;
  block: CodeBlock;
  dialect: SqlDialect;
  /** The output block's text for a runnable block; undefined: the block must only run without error. */
  expected?: string;
}

/** One check per SQL block and dialect it names (`dialects=`): run there, and match the output when `run`. */
export function sqlChecks(decks: DeckSource[]): SqlCheck[] {
  const out: SqlCheck[] = [];
  for (const deck of decks) {
    for (const card of deck.cards) {
      for (const part of [card.front, card.back, card.more ?? '']) {
        const blocks = codeBlocks(part);
        blocks.forEach((block, i) => {
          if (block.lang !== 'sql') return;
          const run = block.flags.includes('run');
          const next = blocks[i + 1];
          if (run && next?.lang !== 'output') throw new Error(`${deck.file}: card ${card.id}: runnable block without output`);
          for (const dialect of blockDialects(block.flags)) {
            out.push({
              where: `${deck.file} ${card.id} (sql in ${dialect}${run ? '' : ', runs without error'})`,
              block,
              dialect,
              expected: run ? next.code : undefined
            });
          }
        });
      }
    }
  }
  return out;
}

/**
 * SQL output as compared in `dialect`. PostgreSQL folds unquoted names to lower case
 * (`SELECT CustomerId` gives a column "customerid"), so there the header line is compared
 * without case.
 */
export function normalizeSqlOutput(text: string, dialect: SqlDialect): string {
  const normalized = normalizeOutput(text);
  if (dialect !== 'postgresql') return normalized;
  const [header, ...rows] = normalized.split('\n');
  return [header.toLowerCase(), ...rows].join('\n');
}

/** Trailing whitespace per line and trailing blank lines do not matter. */
export function normalizeOutput(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');
}

const INTERPRETERS: Record<string, { cmd: string; file: string }> = {
  bash: { cmd: 'bash', file: 'snippet.sh' },
  sh: { cmd: 'bash', file: 'snippet.sh' },
  python: { cmd: 'python3', file: 'snippet.py' },
  perl: { cmd: 'perl', file: 'snippet.pl' }
};

export function runScript(block: CodeBlock): string {
  const interpreter = INTERPRETERS[block.lang];
  if (!interpreter) throw new Error(`no interpreter for runnable language "${block.lang}"`);
  const dir = mkdtempSync(join(tmpdir(), 'snippet-'));
  try {
    const files = flagValue(block.flags, 'files');
    if (files) {
      const source = join(fixtures, 'snippets', files);
      if (!existsSync(source)) throw new Error(`files=${files}: tests/fixtures/snippets/${files} does not exist`);
      cpSync(source, dir, { recursive: true });
    }
    writeFileSync(join(dir, interpreter.file), block.code + '\n');
    return execFileSync(interpreter.cmd, [interpreter.file], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 20_000,
      input: '',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'UTC', PYTHONHASHSEED: '0' }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Languages whose blocks are shell code, runnable or not. */
export const SHELL_LANGS = new Set(['bash', 'sh', 'shell']);

/**
 * `bash -n` (parse without running) for every shell block in the deck files: each problem as
 * `cards/FILE.md:LINE: bash's message`, LINE being the block's opening fence.
 */
export function shellSyntaxProblems(files: { file: string; text: string }[]): string[] {
  const problems: string[] = [];
  for (const { file, text } of files) {
    for (const block of codeBlocks(text.replace(/\r\n?/g, '\n'))) {
      if (!SHELL_LANGS.has(block.lang)) continue;
      const check = spawnSync('bash', ['-n'], { input: block.code + '\n', encoding: 'utf8', timeout: 20_000 });
      if (check.status !== 0) {
        const message = (check.stderr || check.error?.message || `exit ${check.status}`).trim().replace(/\s*\n\s*/g, ' / ');
        problems.push(`${file}:${block.line}: ${block.lang} block fails bash -n: ${message}`);
      }
    }
  }
  return problems;
}

let sqlJs: Promise<SqlJsStatic> | null = null;

/** The fixture named by `db=NAME`; without one, an empty database. */
function sqlFixture(block: CodeBlock): string {
  const name = flagValue(block.flags, 'db');
  if (!name) return '';
  const schemaFile = join(fixtures, 'sql', `${name}.sql`);
  if (!existsSync(schemaFile)) throw new Error(`db=${name}: tests/fixtures/sql/${name}.sql does not exist`);
  return readFileSync(schemaFile, 'utf8');
}

/** Runs a SQL block in `dialect` against its fixture; the output is printed the same way for both. */
export async function runSql(block: CodeBlock, dialect: SqlDialect = 'sqlite'): Promise<string> {
  const fixture = sqlFixture(block);
  return dialect === 'postgresql' ? runPostgres(block.code, fixture) : runSqlite(block.code, fixture);
}

/** Runs SQL with SQLite (sql.js) and prints like `sqlite3 -header -separator ' | '` with NULL shown as NULL. */
async function runSqlite(code: string, fixture: string): Promise<string> {
  sqlJs ??= initSqlJs();
  const db = new (await sqlJs).Database();
  try {
    if (fixture) db.run(fixture);
    const lines: string[] = [];
    // Every statement runs; the output is that of the statements that return rows.
    for (const statement of db.iterateStatements(code)) {
      const columns = statement.getColumnNames();
      let header = false;
      while (statement.step()) {
        if (!header && columns.length) {
          lines.push(columns.join(' | '));
          header = true;
        }
        lines.push(getWithTypes(statement).map(formatSqlValue).join(' | '));
      }
      if (!header && columns.length) lines.push(columns.join(' | '));
    }
    return lines.join('\n');
  } finally {
    db.close();
  }
}

/** Row values with INTEGER as BigInt and REAL as number, so they print as sqlite3 prints them. */
function getWithTypes(statement: Statement): unknown[] {
  // sql.js accepts a config argument that its published types do not declare yet.
  const get = statement.get as unknown as (params: null, config: { useBigInt: boolean }) => unknown[];
  return get.call(statement, null, { useBigInt: true });
}

/** sqlite3's "%!.15g" for REAL (always with a decimal point), integers as they are. */
function formatSqlValue(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toFixed(1);
    return String(Number(value.toPrecision(15)));
  }
  if (value instanceof Uint8Array) return `<blob ${value.length} bytes>`;
  return String(value);
}
