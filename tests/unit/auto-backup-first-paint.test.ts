import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../src');

/** Files reached from `file` through static value imports (not `import type`, not `import()`). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^\s*import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const spec = m[1];
    if (!spec.startsWith('.')) {
      seen.add(spec);
      continue;
    }
    const base = join(dirname(file), spec);
    const path = [base, `${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p) && !p.endsWith('/'));
    if (path) staticClosure(path, seen);
  }
  return seen;
}

describe('the loss check on the study screen stays small', () => {
  it('the study screen and the layout reach no backup writer, compressor or Dexie before the first card', () => {
    const reached = [
      ...staticClosure(join(root, 'lib/study/study-session.svelte.ts')),
      ...staticClosure(join(root, 'lib/backup/ui/DatabaseResetSlot.svelte'))
    ].map((p) => (p.startsWith('/') ? relative(root, p) : p));
    expect(reached).toContain('lib/backup/auto/database-reset.svelte.ts');
    const heavy = reached.filter((p) =>
      /^(fflate|dexie)$|backup\/(write|read|restore|validate)\.ts|backup\/auto\/(run|snapshot|increment|gzip|activity|restore-auto)\.ts/.test(p)
    );
    expect(heavy).toEqual([]);
  });
});
