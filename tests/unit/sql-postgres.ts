// Runs card SQL in real PostgreSQL (PGlite: PostgreSQL compiled to WebAssembly), test-only.
import { PGlite, types } from '@electric-sql/pglite';

let instance: Promise<PGlite> | null = null;
let blocks = 0;

/** Every value as PostgreSQL's own text output (as psql shows it): no parsing into JS numbers or Dates. */
const AS_TEXT: Record<number, (value: string) => string> = Object.fromEntries(
  (Object.values(types) as unknown[]).filter((oid): oid is number => typeof oid === 'number').map((oid) => [oid, (value: string) => value])
);

/**
 * Runs `code` as psql would (one statement at a time) in a fresh schema holding `fixture`, and
 * prints like the SQLite runner: header line, then one line per row, ` | ` between columns,
 * NULL as `NULL`. One PGlite instance serves every block (it takes seconds to start).
 */
export async function runPostgres(code: string, fixture: string): Promise<string> {
  const db = await (instance ??= PGlite.create());
  const schema = `card_block_${++blocks}`;
  await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
  try {
    if (fixture) await db.exec(fixture);
    const lines: string[] = [];
    for (const statement of splitSqlStatements(code)) {
      const result = await db.query<unknown[]>(statement, [], { rowMode: 'array', parsers: AS_TEXT });
      if (!result.fields.length) continue;
      lines.push(result.fields.map((f) => f.name).join(' | '));
      for (const row of result.rows) lines.push(row.map((v) => (v === null ? 'NULL' : String(v))).join(' | '));
    }
    return lines.join('\n');
  } finally {
    // A block that failed inside its own BEGIN leaves the session in an aborted transaction.
    await db.exec('ROLLBACK').catch(() => undefined);
    await db.exec(`SET search_path TO public; DROP SCHEMA ${schema} CASCADE;`);
  }
}

export async function closePostgres(): Promise<void> {
  if (!instance) return;
  const db = await instance;
  instance = null;
  await db.close();
}

/**
 * Splits SQL at top-level semicolons, skipping those inside quotes ('...', "..."), dollar
 * quotes ($$...$$, $tag$...$tag$) and comments. Drops statements that are only comments.
 */
export function splitSqlStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim()) statements.push(text);
    start = end + 1;
  };
  while (i < sql.length) {
    const c = sql[i];
    const rest = sql.slice(i);
    if (c === "'" || c === '"') {
      const close = sql.indexOf(c, i + 1);
      // A doubled quote is an escaped quote: the scan continues after it.
      i = close < 0 ? sql.length : close + 1;
      continue;
    }
    if (rest.startsWith('--')) {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol + 1;
      continue;
    }
    if (rest.startsWith('/*')) {
      let depth = 0;
      while (i < sql.length) {
        if (sql.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (sql.startsWith('*/', i)) {
          i += 2;
          if (--depth === 0) break;
        } else i++;
      }
      continue;
    }
    const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest);
    if (dollar && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
      const close = sql.indexOf(dollar[0], i + dollar[0].length);
      i = close < 0 ? sql.length : close + dollar[0].length;
      continue;
    }
    if (c === ';') push(i);
    i++;
  }
  push(sql.length);
  return statements;
}
