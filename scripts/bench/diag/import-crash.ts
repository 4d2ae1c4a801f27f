/**
 * Diagnosis only: imports the engines suite's 3-card CSV again and again through /import in one
 * persistent profile and counts renderer crashes (a DedicatedWorker's SIGSEGV seen in the engines
 * suite's "import a CSV" step). `npx tsx scripts/bench/diag/import-crash.ts [--n 100] [--build DIR]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { LAUNCH_ARGS } from '../profile';
import { startServer } from '../server';
import { log, option, root } from './kept-profile';

const n = Number(option('--n', '100'));
const server = await startServer(root, option('--build', join(root, 'build')), 4182);
const csv = join(root, 'tests/fixtures/engines/cards.csv');
let crashes = 0;
let imports = 0;
const started = Date.now();
try {
  while (imports < n) {
    const dir = mkdtempSync(join(tmpdir(), 'crash-profile-'));
    const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS, baseURL: server.url });
    const page: Page = ctx.pages()[0] ?? (await ctx.newPage());
    let crashed = false;
    page.on('crash', () => (crashed = true));
    try {
      await page.goto('/');
      await page.locator('a.deck').first().waitFor({ timeout: 30_000 });
      for (let k = 0; k < 10 && imports < n && !crashed; k++) {
        imports++;
        await page.goto('/import');
        await page.locator('[data-testid=import-file]:not([disabled])').waitFor({ timeout: 30_000 });
        await page.locator('[data-testid=import-file]').setInputFiles(csv);
        await page.locator('[data-testid=import-confirm]:not([disabled])').waitFor({ timeout: 30_000 });
        await page.locator('[data-testid=import-confirm]').click();
        await page.locator('[data-testid=import-done]').waitFor({ timeout: 20_000 });
      }
    } catch (e) {
      log(`import ${imports}: ${crashed ? 'renderer crashed' : String(e).split('\n')[0].slice(0, 160)}`);
    }
    if (crashed) crashes++;
    await ctx.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  log(`${imports} imports in ${Math.round((Date.now() - started) / 1000)} s: ${crashes} renderer crashes`);
} finally {
  server.stop();
}
