/**
 * Diagnosis only (not part of `npm run bench`): where the import's write loses to the raw put
 * (docs/BENCHMARK.md). In a fresh persistent profile with the built-in decks stored and indexed,
 * the same import-like rows are written the app's way (the raw gateway) and by raw puts into the
 * app's database and into the bench's scratch database, each way once per round, alternated.
 * `npx tsx scripts/bench/diag/import-write.ts [--cards 10000] [--rounds 5] [--settle 2000] [--ways 0,1,2,3,4] [--build DIR]`
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHarness } from '../build-harness';
import { indexCaughtUp, previewWithHarness, waitForBuiltins } from '../flows';
import { generateCsv } from '../generate';
import { harnessPage, openPage, type Env } from '../measure';
import { newProfile, removeProfiles } from '../profile';
import { startServer } from '../server';
import { median, round } from '../stats';
import { log, option, root } from './kept-profile';

const cards = Number(option('--cards', '10000'));
const rounds = Number(option('--rounds', '5'));
const settleMs = Number(option('--settle', '2000'));
const ways = option('--ways', '').split(',').filter(Boolean).map(Number);
const buildDir = option('--build', join(root, 'build'));
// --in-import-page: the write runs in /import's page with a CSV of the same size parsed and previewed
// (what the page holds during an import's write), not in a bare page.
const inImportPage = process.argv.includes('--in-import-page');
const csvPath = '/tmp/diag-import.csv';
if (inImportPage) writeFileSync(csvPath, generateCsv(cards, 7));

const harnessPath = await buildHarness(root, '/tmp/diag-harness');
const server = await startServer(root, buildDir, Number(option('--port', '4178')));
const env: Env = { throttle: 1, failDir: '/tmp/diag-fail', harnessPath, probesPath: join(root, 'scripts/bench/probes.js'), timeoutMs: 600_000, log };
const freshProfile = () => newProfile('disk', null, '/usr/bin/chromium', { baseURL: server.url, serviceWorkers: 'block', bypassCSP: true });
const wayNames = await (async () => {
  const ctx = await freshProfile();
  try {
    const hp = await harnessPage(ctx, env, 1);
    return await hp.page.evaluate(() => window.__bench.compareWays.map((w) => w.name));
  } finally {
    await ctx.close();
  }
})();
const chosen = ways.length ? ways : wayNames.map((_, i) => i);
const results = new Map<number, number[]>(chosen.map((i) => [i, []]));

/** One way's write in a fresh profile holding the built-in decks, stored and indexed. */
async function oneWrite(way: number): Promise<number> {
  const ctx = await freshProfile();
  try {
    const { page } = await openPage(ctx, env, { throttle: 1 });
    await page.goto('/');
    await waitForBuiltins(page);
    log(`way ${way}: built-in decks stored; index ${await indexCaughtUp(page, Date.now())} ms later`);
    let target = page;
    if (inImportPage) {
      await page.goto('/import');
      await page.locator('[data-testid=import-file]:not([disabled])').waitFor();
      await previewWithHarness(page, env, csvPath);
    } else {
      await page.close();
      target = (await harnessPage(ctx, env, 1)).page;
    }
    return await target.evaluate((o) => window.__bench.importWriteCompare(o), { cards, seed: 7, now: Date.now(), way, settleMs });
  } finally {
    await ctx.close();
  }
}

log(`${cards} cards, ${rounds} rounds, ${settleMs} ms settle, a fresh profile per write${inImportPage ? ', in /import with the file previewed' : ''}`);
try {
  for (let r = 0; r < rounds; r++) for (const way of chosen) results.get(way)!.push(await oneWrite(way));
  const base = median(results.get(chosen.at(-1)!)!);
  for (const [way, ms] of results)
    log(
      `${wayNames[way].padEnd(48)} median ${round(median(ms))} ms (${ms.map((m) => Math.round(m)).join(' / ')}); ${round(base / median(ms), 2)}x of the last`
    );
} finally {
  server.stop();
  removeProfiles();
}
