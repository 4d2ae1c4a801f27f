import { describe, expect, it } from 'vitest';
import { cardMarkdown } from '../../src/lib/cards/markdown-html';
import { blockDialects, dialectLabel, sqlDialectProblems } from '../../src/lib/decks/sql-dialects';
import { formatProblem } from '../../src/lib/decks/types';
import { normalizeSqlOutput } from './snippet-runner';
import { splitSqlStatements } from './sql-postgres';

const deckWith = (...blocks: string[]) => ['---', 'id: d', 'title: D', '---', '## d-1', 'Q', '---', ...blocks].join('\n');

describe('SQL dialects named in a block info string (dialects=...)', () => {
  it('reads the known dialects in order and ignores unknown ones', () => {
    expect(blockDialects(['run', 'db=shop', 'dialects=sqlite,postgresql'])).toEqual(['sqlite', 'postgresql']);
    expect(blockDialects(['dialects=PostgreSQL,mysql'])).toEqual(['postgresql']);
    expect(blockDialects(['run'])).toEqual([]);
    expect(dialectLabel(['dialects=sqlite,postgresql'])).toBe('SQLite, PostgreSQL');
  });

  it('built-in decks: a runnable sql block must name its dialects, known ones only, on sql blocks only', () => {
    const text = deckWith(
      '```sql run db=company',
      'SELECT 1;',
      '```',
      '```output',
      '1',
      '```',
      '```sql run db=company dialects=sqlite,mysql',
      'SELECT 1;',
      '```',
      '```output',
      '1',
      '```',
      '```sql dialects=',
      'SELECT 1;',
      '```',
      '```bash dialects=postgresql',
      'true',
      '```',
      '```sql',
      'SELECT 1; -- not runnable, no dialect: fine',
      '```',
      '```sql run db=company dialects=postgresql',
      'SELECT 1;',
      '```',
      '```output',
      '1',
      '```'
    );
    expect(sqlDialectProblems(text, 'cards/d.md').map(formatProblem)).toEqual([
      'cards/d.md:8: runnable sql block must say which dialects it is checked in: add dialects=sqlite, postgresql (one or both)',
      'cards/d.md:14: unknown SQL dialect "mysql" (known: sqlite, postgresql)',
      'cards/d.md:20: dialects= is empty: name one or more of sqlite, postgresql',
      'cards/d.md:23: dialects= is only for sql blocks, not bash blocks'
    ]);
  });

  it('labels a SQL block with its dialects on the card', () => {
    const html = cardMarkdown({ appMarkup: true }).parse('```sql run db=shop dialects=sqlite,postgresql\nSELECT 1;\n```\n\n```sql\nSELECT 2;\n```', {
      async: false
    });
    expect(html).toContain('<pre class="code" data-lang="sql · SQLite, PostgreSQL"><code class="language-sql">SELECT 1;</code></pre>');
    expect(html).toContain('<pre class="code" data-lang="sql"><code class="language-sql">SELECT 2;</code></pre>');
  });
});

describe('PostgreSQL runner helpers', () => {
  it('splits statements as psql does, not inside quotes, dollar quotes or comments', () => {
    const sql = 'SELECT \'a;b\', "x;y" FROM t; -- c;d\nSELECT $$e;f$$, $tag$g;h$tag$ /* i; /* nested; */ j; */;\n-- only a comment;\n';
    expect(splitSqlStatements(sql)).toEqual(['SELECT \'a;b\', "x;y" FROM t', '-- c;d\nSELECT $$e;f$$, $tag$g;h$tag$ /* i; /* nested; */ j; */']);
    expect(splitSqlStatements("SELECT 'it''s; fine';")).toEqual(["SELECT 'it''s; fine'"]);
  });

  it('compares the header without case in PostgreSQL only (it folds unquoted names to lower case)', () => {
    expect(normalizeSqlOutput('customerid\n1', 'postgresql')).toBe(normalizeSqlOutput('CustomerId\n1', 'postgresql'));
    expect(normalizeSqlOutput('customerid\n1', 'sqlite')).not.toBe(normalizeSqlOutput('CustomerId\n1', 'sqlite'));
    expect(normalizeSqlOutput('h\nAna', 'postgresql')).not.toBe(normalizeSqlOutput('h\nana', 'postgresql'));
  });
});
