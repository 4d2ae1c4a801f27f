/**
 * Diagnosis only (not part of `npm run bench`): Browse search at 50k cards on disk, 4x, on the
 * kept profile answer-trace.ts populates. Types each word as one input event, as the bench does,
 * either as soon as Browse has settled or after a wait (`--waits 0,3000`), several rounds, and
 * prints first page / total per word. `--profile-cpu` adds each search's top self time.
 * `npx tsx scripts/bench/diag/search-trace.ts [--profile DIR] [--build DIR] [--rounds N] [--waits MS,...]`
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildHarness } from '../build-harness';
import { openPage, topSelfTime, type Env } from '../measure';
import { SEARCH_WORDS, TYPE_AND_WAIT } from '../search';
import { startServer } from '../server';
import { argv, log, openKeptProfile, option, root } from './kept-profile';
import { round } from '../stats';

const profileDir = option('--profile', '/tmp/diag-profile');
const buildDir = option('--build', join(root, 'build'));
const rounds = Number(option('--rounds', '3'));
const waits = option('--waits', '0,3000').split(',').map(Number);
const cpu = argv.includes('--profile-cpu');
if (!existsSync(join(profileDir, 'populated'))) throw new Error(`${profileDir} is not populated: run answer-trace.ts once first`);

const harnessPath = await buildHarness(root, '/tmp/diag-harness');
const server = await startServer(root, buildDir, Number(option('--port', '4177')));
const env: Env = { throttle: 4, failDir: '/tmp/diag-fail', harnessPath, probesPath: join(root, 'scripts/bench/probes.js'), timeoutMs: 120_000, log };
const ctx = await openKeptProfile(profileDir, server.url);
try {
  {
    // A new build on this origin merges its decks once: done here, unmeasured.
    const { page } = await openPage(ctx, env, { throttle: 1 });
    await page.goto('/');
    await page.locator('ul.decks').waitFor();
    await page.waitForTimeout(4000);
    await page.close();
  }
  for (let r = 0; r < rounds; r++)
    for (const wait of waits) {
      const { page, cdp } = await openPage(ctx, env);
      await page.goto('/browse');
      await page.locator('ul.results li').first().waitFor();
      await page
        .locator('.summary')
        .filter({ hasText: /^\s*\d+ cards?/ })
        .waitFor();
      await page.waitForTimeout(wait);
      const row: string[] = [];
      for (const word of SEARCH_WORDS) {
        if (cpu) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
          await cdp.send('Profiler.start');
        }
        const res = (await page.evaluate(`(${TYPE_AND_WAIT})(${JSON.stringify(word)}, 120000)`)) as { firstPageMs: number; totalMs: number };
        row.push(`${word}: ${round(res.firstPageMs)} / ${round(res.totalMs)}`);
        if (cpu) {
          const top = topSelfTime((await cdp.send('Profiler.stop')).profile as never, 8);
          log(`  ${word}: ${top.map((t) => `${t.fn} ${t.ms}`).join(', ')}`);
        }
      }
      log(`round ${r + 1}, typed ${wait} ms after Browse settled: ${row.join(' | ')}`);
      await page.close();
    }
} finally {
  await ctx.close();
  server.stop();
}
