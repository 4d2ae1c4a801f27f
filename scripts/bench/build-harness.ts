/** Bundles harness.ts (app data code + raw baselines + generator) into one IIFE for page injection. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

export async function buildHarness(root: string, outDir: string): Promise<string> {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    resolve: { alias: { $lib: join(root, 'src/lib') } },
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: false,
      lib: { entry: join(root, 'scripts/bench/harness.ts'), formats: ['iife'], name: 'benchHarness', fileName: () => 'harness.js' }
    }
  });
  const file = join(outDir, 'harness.js');
  statSync(file);
  return file;
}
