import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|svelte|js)$/.test(name) ? [path] : [];
  });
}

describe('statistics code stays out of the other routes', () => {
  it('is imported only by the stats route, so the study screen never loads it', () => {
    const offenders = files(root)
      .map((path) => relative(root, path).replaceAll('\\', '/'))
      .filter((path) => !path.startsWith('lib/stats/') && !path.startsWith('routes/stats/'))
      .filter((path) => /from\s+['"][^'"]*(\$lib\/stats|lib\/stats\/|\.\.\/stats\/)/.test(readFileSync(join(root, path), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
