// Sync must cost nothing until it is used: the settings reader the write gateway will call on
// every write imports nothing, and neither the study screen nor the layout reaches PouchDB, the
// connection code or the encryption through static imports (PouchDB itself is only ever a
// dynamic import in src/lib/sync/pouch.ts; the e2e test checks the scripts pages really load).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../src');

/** Files and packages reached from `file` through static value imports (not `import type`, not `import()`). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^\s*import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const spec = m[1].replace(/^\$lib\//, `${root}/lib/`);
    if (!spec.startsWith('.') && !spec.startsWith('/')) {
      seen.add(spec);
      continue;
    }
    const base = spec.startsWith('/') ? spec : join(dirname(file), spec);
    const path = [base, `${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p) && !p.endsWith('/'));
    if (path) staticClosure(path, seen);
  }
  return seen;
}

const names = (set: Set<string>) => [...set].map((p) => (p.startsWith('/') ? relative(root, p) : p));

describe('sync stays out of the way until used', () => {
  it('the settings reader imports nothing', () => {
    expect(names(staticClosure(join(root, 'lib/sync/config.ts')))).toEqual(['lib/sync/config.ts']);
  });

  it('the study screen and the layout reach no PouchDB, connection or encryption code', () => {
    const reached = [
      ...names(staticClosure(join(root, 'lib/study/study-session.svelte.ts'))),
      ...names(staticClosure(join(root, 'routes/+layout.svelte'))),
      ...names(staticClosure(join(root, 'routes/study/[deckId]/+page.svelte')))
    ];
    expect(reached.length).toBeGreaterThan(10);
    expect(reached.filter((p) => /^pouchdb|^events$|lib\/sync\/(remote|pouch|crypto|setup|session)\.ts/.test(p))).toEqual([]);
  });

  it('PouchDB is only ever imported dynamically, from one module', () => {
    const pouch = readFileSync(join(root, 'lib/sync/pouch.ts'), 'utf8');
    expect(pouch).not.toMatch(/^\s*import\s+(?!type\s)[^'"]*from\s+['"]pouchdb/m);
    expect(pouch).toMatch(/import\('pouchdb-core'\)/);
  });
});
