import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The app's source folder. */
export const SRC = join(__dirname, '../../src');

/** Files and packages reached from `file` through static value imports (not `import type`, not `import()`); `$lib/` resolves to src/lib. */
export function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^\s*import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const spec = m[1].replace(/^\$lib\//, `${SRC}/lib/`);
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

/** Paths relative to src/, package names as they are. */
export const names = (set: Iterable<string>) => [...set].map((p) => (p.startsWith('/') ? relative(SRC, p) : p));
