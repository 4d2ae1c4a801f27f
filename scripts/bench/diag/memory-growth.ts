/**
 * Diagnosis only (not part of `npm run bench`): what the study screen's heap gains over 1,000
 * answers (the bench's memory figure, docs/BENCHMARK.md), by heap snapshots after answers 100,
 * 600 and 1,000, grouped by kind (V8's node type: code, object, string, closure…) and by
 * constructor or name within a kind. Uses the kept profile of answer-trace.ts (run that first).
 * `npx tsx scripts/bench/diag/memory-growth.ts [--profile DIR] [--build DIR] [--at 100,600,1000] [--top 15]`
 */
import { join } from 'node:path';
import type { CDPSession } from '@playwright/test';
import { buildHarness } from '../build-harness';
import { STUDY_DECK } from '../generate';
import { openPage, type Env } from '../measure';
import { startServer } from '../server';
import { log, openKeptProfile, option, root } from './kept-profile';
import { round } from '../stats';

const profileDir = option('--profile', '/tmp/diag-profile');
const buildDir = option('--build', join(root, 'build'));
const checkpoints = option('--at', '100,600,1000').split(',').map(Number);
const top = Number(option('--top', '15'));

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size by kind and by kind + name, from a heap snapshot taken over CDP (it collects garbage first). */
async function heapBySort(cdp: CDPSession): Promise<{ byKind: Map<string, number>; byName: Map<string, number> }> {
  const chunks: string[] = [];
  const collect = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', collect);
  const s = JSON.parse(chunks.join('')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const types = s.snapshot.meta.node_types[0];
  const byKind = new Map<string, number>();
  const byName = new Map<string, number>();
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const kind = types[s.nodes[i + typeAt]];
    const size = s.nodes[i + sizeAt];
    // Strings by kind only: their "name" is the text.
    const name =
      kind === 'string' || kind === 'concatenated string' || kind === 'sliced string' ? kind : `${kind}: ${s.strings[s.nodes[i + nameAt]].slice(0, 60)}`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + size);
    byName.set(name, (byName.get(name) ?? 0) + size);
  }
  return { byKind, byName };
}

const growth = (from: Map<string, number>, to: Map<string, number>) =>
  [...new Set([...from.keys(), ...to.keys()])]
    .map((key) => ({ key, kB: round(((to.get(key) ?? 0) - (from.get(key) ?? 0)) / 1024, 1) }))
    .sort((a, b) => Math.abs(b.kB) - Math.abs(a.kB));

const harnessPath = await buildHarness(root, '/tmp/diag-harness');
const server = await startServer(root, buildDir, Number(option('--port', '4177')));
const env: Env = { throttle: 1, failDir: '/tmp/diag-fail', harnessPath, probesPath: join(root, 'scripts/bench/probes.js'), timeoutMs: 120_000, log };
const ctx = await openKeptProfile(profileDir, server.url, { deviceScaleFactor: 2.75, isMobile: true, hasTouch: true });
try {
  const { page, cdp } = await openPage(ctx, env, { throttle: 1 });
  await page.goto(`/study/${STUDY_DECK}`);
  await page.locator('article.card').waitFor({ timeout: 30_000 });
  const snapshots: { answers: number; byKind: Map<string, number>; byName: Map<string, number> }[] = [];
  let answered = 0;
  for (const at of checkpoints) {
    const r = await page.evaluate(([n, seed]) => window.__benchDrive(n, seed), [at - answered, 42 + at]);
    answered += r.answered;
    await page.evaluate(() => window.__benchAnswer.results.splice(0));
    snapshots.push({ answers: answered, ...(await heapBySort(cdp)) });
    const total = [...snapshots.at(-1)!.byKind.values()].reduce((a, b) => a + b, 0);
    log(`after ${answered} answers: snapshot ${round(total / 1024 / 1024, 3)} MB`);
    if (r.done) break;
  }
  for (let i = 1; i < snapshots.length; i++) {
    const [a, b] = [snapshots[i - 1], snapshots[i]];
    log(`answers ${a.answers} -> ${b.answers}, by kind (kB): ${JSON.stringify(growth(a.byKind, b.byKind).slice(0, 8))}`);
    log(`answers ${a.answers} -> ${b.answers}, by name (kB): ${JSON.stringify(growth(a.byName, b.byName).slice(0, top))}`);
  }
  await page.close();
} finally {
  await ctx.close();
  server.stop();
}
