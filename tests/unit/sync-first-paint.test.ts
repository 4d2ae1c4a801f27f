// Sync must cost nothing until it is used: the settings reader the write gateway will call on
// every write imports nothing, and neither the study screen nor the layout reaches PouchDB, the
// connection code or the encryption through static imports (PouchDB itself is only ever a
// dynamic import in src/lib/sync/pouch.ts; the e2e test checks the scripts pages really load).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { names, SRC as root, staticClosure } from './static-imports';

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
