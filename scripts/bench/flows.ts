/**
 * Import and backup through the real pages (/import, /backup), unthrottled, each beside its raw
 * IndexedDB baseline. When a page is missing or its controls are not found, the figure is
 * reported as "not measured" with the reason, never estimated.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { failShot, harnessPage, openPage, topSelfTime, type Env } from './measure';
import { median, round } from './stats';
import type { RawTarget } from './raw-idb';

async function rawCounts(page: Page): Promise<{ cards: number; logs: number; decks: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards');
        // Before the app has created its database this open must not: an empty version 1 held
        // open by a failed read blocked the app's own open (and every later one) for good.
        open.onupgradeneeded = () => open.transaction!.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? resolve({ cards: 0, logs: 0, decks: 0 }) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          const out = { cards: 0, logs: 0, decks: 0 };
          let tx: IDBTransaction;
          try {
            tx = db.transaction(['cards', 'reviewLogs', 'decks'], 'readonly');
          } catch (error) {
            db.close();
            reject(error);
            return;
          }
          tx.objectStore('cards').count().onsuccess = (e) => (out.cards = (e.target as IDBRequest<number>).result);
          tx.objectStore('reviewLogs').count().onsuccess = (e) => (out.logs = (e.target as IDBRequest<number>).result);
          tx.objectStore('decks').count().onsuccess = (e) => (out.decks = (e.target as IDBRequest<number>).result);
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => {
            db.close();
            reject(tx.error);
          };
        };
      })
  );
}

/**
 * Waits until the app has merged every built-in deck (the manifest's card count is stored), so
 * that merge neither runs during the timed work nor counts as imported cards.
 */
export async function waitForBuiltins(page: Page, timeoutMs = 120_000): Promise<void> {
  const expected = await page.evaluate(async () => {
    const manifest = (await (await fetch('/decks/manifest.json')).json()) as { decks: { cardCount: number }[] };
    return manifest.decks.reduce((n, d) => n + d.cardCount, 0);
  });
  const deadline = Date.now() + timeoutMs;
  while ((await rawCounts(page)).cards < expected) {
    if (Date.now() > deadline) throw new Error(`the built-in decks (${expected} cards) were not stored within ${timeoutMs} ms`);
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(300);
}

/** Waits until the word index has no cards left to index (search-words.ts `pending`); ms from `since` (a Date.now()), or null if not within 10 minutes. */
export async function indexCaughtUp(page: Page, since: number): Promise<number | null> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const pending = await page.evaluate(
      () =>
        new Promise<boolean>((resolve, reject) => {
          const open = indexedDB.open('interview-flashcards');
          open.onupgradeneeded = () => open.transaction!.abort(); // not created yet: rawCounts says why not create it
          open.onerror = () => (open.error?.name === 'AbortError' ? resolve(true) : reject(open.error));
          open.onsuccess = () => {
            const db = open.result;
            try {
              const r = db.transaction('cardWords').objectStore('cardWords').get('');
              r.onsuccess = () => {
                db.close();
                const row = r.result as { done?: boolean; pending?: unknown[] } | undefined;
                resolve(!row?.done || !!row.pending?.length);
              };
              r.onerror = () => {
                db.close();
                reject(r.error);
              };
            } catch (error) {
              db.close();
              reject(error);
            }
          };
        })
    );
    if (!pending) return Date.now() - since;
    await page.waitForTimeout(250);
  }
  return null;
}

/** Is there a page at this route (not the SPA's 404)? */
async function routeExists(page: Page, selector: string, timeoutMs: number): Promise<boolean> {
  try {
    await page.locator(selector).first().waitFor({ state: 'attached', timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

interface StrategyRun {
  strategy: string;
  ms: number;
  cards: number;
}

/** The quickest of a set of raw write strategies' runs. */
const fastest = (runs: StrategyRun[]) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));

/** A raw strategy's run as the results file reports it. */
const strategyFigures = (r: StrategyRun) => ({ strategy: r.strategy, ms: round(r.ms), cardsPerSecond: Math.round((r.cards / r.ms) * 1000) });

/**
 * One import through /import on a page of a fresh profile: the CSV set on the file input, the
 * preview waited for, "Import" clicked, completion waited for; with `cdp`, a CPU profile of the
 * write alone (confirm -> done). A note instead when the page could not import it.
 */
async function importThroughPage(page: Page, env: Env, csvPath: string, cards: number, cdp: CDPSession | null) {
  await page.goto('/import');
  if (!(await routeExists(page, '[data-testid=import-file]', 15_000)))
    return (await failShot(page, env, `import-${cards}`), { note: 'not measured: /import has no file input [data-testid=import-file]' });
  await page.locator('[data-testid=import-file]:not([disabled])').waitFor({ state: 'attached' });
  await waitForBuiltins(page);
  await indexCaughtUp(page, Date.now()); // the built-in decks' word index, written in the background on a first visit
  const before = await rawCounts(page);
  const t0 = Date.now();
  await page.locator('[data-testid=import-file]').setInputFiles(csvPath);
  await page.waitForFunction(
    () => {
      const b = document.querySelector<HTMLButtonElement>('[data-testid=import-confirm]');
      return (b && !b.disabled) || !!document.querySelector('[data-testid=import-error], [data-testid=problems]');
    },
    null,
    { timeout: 300_000 }
  );
  const t1 = Date.now();
  const problem = await page
    .locator('[data-testid=import-error], [data-testid=problems]')
    .first()
    .textContent({ timeout: 100 })
    .catch(() => null);
  const confirm = page.locator('[data-testid=import-confirm]');
  if (!(await confirm.isEnabled().catch(() => false)))
    return { note: `not measured: the importer did not accept the CSV (${(problem ?? '').trim().slice(0, 160)})` };
  const previewCount = (await page.locator('[data-testid=card-count]').textContent())?.trim();
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
  await page.evaluate(() => performance.clearMeasures());
  await page.waitForTimeout(SETTLE_MS);
  const clicked = Date.now();
  await confirm.click();
  await page.locator('[data-testid=import-done], [data-testid=import-error], main [role=alert]').first().waitFor({ timeout: 300_000 });
  const t2 = Date.now();
  const top = cdp ? topSelfTime((await cdp.send('Profiler.stop')).profile as never, 20) : undefined;
  // The write's phases as the app marks them (src/lib/import/phase-timing.ts).
  const phases = await page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .filter((m) => m.name.startsWith('import: '))
      .map((m) => ({ phase: m.name.slice('import: '.length), ms: Math.round(m.duration) }))
  );
  if (!(await page.locator('[data-testid=import-done]').count())) {
    const text = await page.locator('[data-testid=import-error], main [role=alert]').first().textContent();
    return { note: `not measured: import failed (${(text ?? '').trim().slice(0, 160)})` };
  }
  // parse: file set -> preview; write: confirm -> done (the settle pause between them in neither).
  return { before, parseMs: t1 - t0, writeMs: t2 - clicked, t2, previewCount, top, phases };
}

/**
 * A pause before each timed write, the app's and the raw put's alike: the storage finishes what
 * the steps before left it (LevelDB's flush and compaction after the word index's writes), which
 * otherwise falls on whichever write comes next (raw puts of the same rows took 8.7-27.6 s in one run).
 */
const SETTLE_MS = 2_000;

/** The rows the app's import stored in `ctx`, read raw on a page of their own (for a raw put in another profile). */
async function storedRows(ctx: BrowserContext, env: Env): Promise<unknown> {
  const sp = await harnessPage(ctx, env, 1);
  try {
    return await sp.page.evaluate(() => window.__bench.readImportedRows());
  } finally {
    await sp.page.close();
  }
}

/** On /import (its file input ready): `csvPath` chosen and previewed, then the harness injected, so a write runs in the state the app's import starts from. */
export async function previewWithHarness(page: Page, env: Env, csvPath: string): Promise<void> {
  await page.locator('[data-testid=import-file]').setInputFiles(csvPath);
  await page.locator('[data-testid=import-confirm]:not([disabled])').waitFor({ timeout: 300_000 });
  await page.addScriptTag({ path: env.harnessPath });
  await page.waitForFunction(() => !!window.__bench);
}

/**
 * A raw put, in the state the app's write starts from: a fresh profile (`ctx`, closed after) with
 * the built-in decks stored and indexed, /import with the same file parsed and previewed, then
 * `rows` (stored by the app's import in another profile) put raw by one strategy `into` the app's
 * database (the ratio's: where the import writes) or an empty one. A bare page is another state:
 * in the diagnosis of docs/BENCHMARK.md §33 every write, the app's and raw puts alike, ran 15-20 %
 * faster there.
 */
async function putRowsInImportPage(ctx: BrowserContext, env: Env, csvPath: string, rows: unknown, strategyIndex: number, into: RawTarget): Promise<number> {
  try {
    const { page } = await openPage(ctx, env, { throttle: 1 });
    await page.goto('/import');
    await page.locator('[data-testid=import-file]:not([disabled])').waitFor({ state: 'attached' });
    await waitForBuiltins(page);
    await indexCaughtUp(page, Date.now());
    await previewWithHarness(page, env, csvPath);
    await page.evaluate((r) => window.__bench.useImportedRows(r as never), rows);
    return (
      await page.evaluate(([i, settle, to]) => window.__bench.rawPutImportedRows(window.__bench.writeStrategies[i], settle, to), [
        strategyIndex,
        SETTLE_MS,
        into
      ] as const)
    ).ms;
  } finally {
    await ctx.close();
  }
}

/** The rows put raw by one strategy in profiles of their own: into the app's database (the ratio's baseline) and into an empty one. */
async function rawPuts(env: Env, csvPath: string, rows: unknown, strategyIndex: number, context: () => Promise<BrowserContext>) {
  return {
    rawMs: await putRowsInImportPage(await context(), env, csvPath, rows, strategyIndex, 'app'),
    rawScratchMs: await putRowsInImportPage(await context(), env, csvPath, rows, strategyIndex, 'scratch')
  };
}

/** One round: the import in a fresh profile, then the raw strategy's puts of the rows it stored (rawPuts). */
async function importRound(
  ctx: BrowserContext,
  env: Env,
  csvPath: string,
  cards: number,
  strategyIndex: number,
  rawContext: () => Promise<BrowserContext>
): Promise<ImportRound> {
  let rows: unknown;
  let app: Pick<ImportRound, 'appMs' | 'roomCheckMs'>;
  try {
    const { page } = await openPage(ctx, env, { throttle: 1 });
    const done = await importThroughPage(page, env, csvPath, cards, null);
    if ('note' in done) throw new Error(done.note);
    await page.close();
    rows = await storedRows(ctx, env);
    app = { appMs: appWriteMs(done.phases, done.writeMs), roomCheckMs: roomCheckMs(done.phases) };
  } finally {
    await ctx.close();
  }
  return { ...app, ...(await rawPuts(env, csvPath, rows, strategyIndex, rawContext)) };
}

interface ImportRound {
  appMs: number;
  /** The disk guard's room check inside appMs: a probe write of the import's size and margin (src/lib/db/disk-guard.ts), which a raw put does not do. */
  roomCheckMs: number;
  /** The raw put into the app's database of a fresh profile: the ratio's baseline. */
  rawMs: number;
  /** The same put into an empty database of its own (the baseline until docs/BENCHMARK.md §34), for reference. */
  rawScratchMs: number;
}

const roomCheckMs = (phases: { phase: string; ms: number }[]) => phases.find((p) => p.phase === 'room check')?.ms ?? 0;

/** The write as the page timed it: the sum of its phase measures (from the click's handler to the commit), else click -> done. */
const appWriteMs = (phases: { ms: number }[], writeMs: number) => (phases.length ? phases.reduce((n, p) => n + p.ms, 0) : writeMs);

/**
 * Import throughput: a fresh database (built-in decks only), the CSV set on the file input, the
 * preview waited for, "Import" clicked, completion waited for. cards/s = rows / (parse + write);
 * the ratio compares the write (confirm -> done) with the fastest raw put of the rows the app
 * stored (every raw strategy, after the import; the generator's rows before it as a reference).
 */
export async function measureImport(
  ctx: BrowserContext,
  env: Env,
  csvPath: string,
  cards: number,
  seed: number,
  profile: boolean,
  // Rounds of the app's write and the chosen raw strategy, each in profiles of their own (`context`
  // makes a fresh one): one of each is within the storage's run-to-run spread (a third at 50k, docs/BENCHMARK.md §29).
  rounds: { count: number; context: () => Promise<BrowserContext> }
): Promise<Record<string, unknown>> {
  const hp = await harnessPage(ctx, env, 1);
  // Every raw strategy (raw-idb.ts WRITE_STRATEGIES): the fastest in this run is the baseline.
  const strategies: StrategyRun[] = [];
  const count = await hp.page.evaluate(() => window.__bench.writeStrategies.length);
  // The first strategy again at the end: a later run can be slowed by the earlier ones' deleted databases.
  for (const i of [...Array(count).keys(), 0])
    strategies.push(
      await hp.page.evaluate(([o, k]) => window.__bench.rawBulkPut(o, window.__bench.writeStrategies[k]), [{ cards, seed, now: Date.now() }, i] as const)
    );
  const generated = fastest(strategies);
  // Diagnosis at the largest size: the same bulk put with fewer secondary indexes.
  const whatIf = [];
  if (profile)
    for (const keep of [['[deckId+queue+due]', '[deckId+queue+ord]', 'tags'], []]) {
      const r = await hp.page.evaluate(([o, k]) => window.__bench.rawBulkPutWithIndexes(o, k), [{ cards, seed, now: Date.now() }, keep] as const);
      whatIf.push({ indexes: r.indexes.join(' ') || '(none)', ms: round(r.ms), cardsPerSecond: Math.round((r.cards / r.ms) * 1000) });
    }
  // Diagnosis: the baseline's put written the way the app writes (its pipelining, its ids).
  const variants = [];
  if (profile) {
    const n = await hp.page.evaluate(() => window.__bench.writeVariants.length);
    for (let k = 0; k < n; k++) {
      const r = await hp.page.evaluate(([o, i]) => window.__bench.rawBulkPutVariant(o, window.__bench.writeVariants[i]), [
        { cards, seed, now: Date.now() },
        k
      ] as const);
      variants.push({ variant: r.variant, ms: round(r.ms), cardsPerSecond: Math.round((r.cards / r.ms) * 1000) });
    }
  }
  await hp.page.close();

  const { page, cdp } = await openPage(ctx, env, { throttle: 1 });
  try {
    const done = await importThroughPage(page, env, csvPath, cards, profile ? cdp : null);
    if ('note' in done) return { ...done, rawMs: generated.ms, rawCardsPerSecond: (generated.cards / generated.ms) * 1000 };
    const { before, parseMs, writeMs, t2, previewCount, top, phases } = done;
    const after = await rawCounts(page);
    const added = after.cards - before.cards;
    // The word index of the imported cards is built after the import (search reads every card until then): how long after.
    const indexAfterMs = await indexCaughtUp(page, t2);
    // The baseline: the rows the app stored, put raw by every strategy (raw-idb.ts rawPutImportedRows),
    // once the word index has caught up (its writes would compete), on a page of their own.
    const stored: StrategyRun[] = [];
    const sp = await harnessPage(ctx, env, 1);
    try {
      for (let k = 0; k < count; k++)
        stored.push(
          await sp.page.evaluate(([i, settle]) => window.__bench.rawPutImportedRows(window.__bench.writeStrategies[i], settle), [k, SETTLE_MS] as const)
        );
    } finally {
      await sp.page.close();
    }
    const raw = fastest(stored);
    // The fastest of five runs is a low sample of its strategy: the ratio takes the strategy's own runs, each round.
    const strategyIndex = stored.indexOf(raw);
    const rows = await storedRows(ctx, env);
    const pairs: ImportRound[] = [
      { appMs: appWriteMs(phases, writeMs), roomCheckMs: roomCheckMs(phases), ...(await rawPuts(env, csvPath, rows, strategyIndex, rounds.context)) }
    ];
    for (let r = 1; r < rounds.count; r++) pairs.push(await importRound(await rounds.context(), env, csvPath, cards, strategyIndex, rounds.context));
    const appMs = median(pairs.map((p) => p.appMs));
    const rawMs = median(pairs.map((p) => p.rawMs));
    const rawScratchMs = median(pairs.map((p) => p.rawScratchMs));
    const appWithoutRoomCheckMs = median(pairs.map((p) => p.appMs - p.roomCheckMs));
    // The least the app's write can take: the raw put plus the room check the disk guard must make first.
    const rawWithRoomCheckMs = median(pairs.map((p) => p.rawMs + p.roomCheckMs));
    return {
      rows: cards,
      added,
      previewCount,
      fileBytes: statSync(csvPath).size,
      parseMs,
      writeMs,
      // The ratio's figures, medians of the rounds: the write as the page timed it (its phases, from
      // the click's handler to the commit), as the raw puts are timed in their page; writeMs adds
      // Playwright's click and polling and the done screen's render (about 0.9 s at 1k rows, docs/BENCHMARK.md §29).
      ms: round(appMs),
      totalMs: parseMs + writeMs,
      cardsPerSecond: (added / (parseMs + writeMs)) * 1000,
      writeCardsPerSecond: (added / writeMs) * 1000,
      rawMs: round(rawMs),
      rawCardsPerSecond: (raw.cards / rawMs) * 1000,
      rawStrategy: raw.strategy,
      // The write without the disk guard's room check (its probe write), beside the raw put that does none.
      appWithoutRoomCheckMs: round(appWithoutRoomCheckMs),
      rawWithRoomCheckMs: round(rawWithRoomCheckMs),
      // The same put into an empty database (the baseline until §34), for reference.
      rawScratchMs: round(rawScratchMs),
      rounds: pairs.map((p) => ({ appMs: round(p.appMs), roomCheckMs: p.roomCheckMs, rawMs: round(p.rawMs), rawScratchMs: round(p.rawScratchMs) })),
      indexAfterMs,
      rawCards: raw.cards,
      rawStrategies: stored.map(strategyFigures),
      // Reference, before the import: the generator's rows (short ids in key order), as the ratio's baseline was until §29.
      generatedRawMs: round(generated.ms),
      generatedRawStrategy: generated.strategy,
      generatedRawStrategies: strategies.map(strategyFigures),
      ...(phases.length ? { writePhases: phases } : {}),
      ...(top ? { profileTop: top } : {}),
      ...(whatIf.length ? { rawWithFewerIndexes: whatIf } : {}),
      ...(variants.length ? { rawWrittenLikeTheApp: variants } : {}),
      ...(added !== cards ? { warning: `${added} cards added for ${cards} rows` } : {})
    };
  } catch (error) {
    await failShot(page, env, `import-${cards}`);
    throw error;
  } finally {
    await page.close();
  }
}

/**
 * Backup: export in the populated context ("Download backup" until the file is saved and the
 * page says so), then restore that file on a new device (a fresh context: built-in decks only),
 * replacing its data: file chosen -> confirmation shown -> confirmed -> done. Baselines: raw
 * getAll + JSON.stringify of the same stores, and raw JSON.parse + put of every row.
 */
export async function measureBackup(
  ctx: BrowserContext,
  freshContext: () => Promise<BrowserContext>,
  env: Env,
  dataDir: string,
  size: number
): Promise<Record<string, any>> {
  const out: Record<string, any> = {};
  const hp = await harnessPage(ctx, env, 1);
  const rawExport = await hp.page.evaluate(() => window.__bench.rawExport());
  const rawRestore = await hp.page.evaluate(() => window.__bench.rawRestore());
  const source = await rawCounts(hp.page);
  await hp.page.close();

  const file = join(dataDir, `backup-${size}.json`);
  {
    const { page } = await openPage(ctx, env, { throttle: 1 });
    try {
      await page.goto('/backup');
      const button = page.getByRole('button', { name: 'Download backup' });
      if (!(await routeExists(page, 'main button', 15_000)) || !(await button.count()))
        return { note: 'not measured: /backup has no "Download backup" button' };
      await button.waitFor();
      const t0 = Date.now();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), button.click()]);
      await page.locator('[data-testid=backup-done]').waitFor({ timeout: 300_000 });
      const ms = Date.now() - t0;
      await download.saveAs(file);
      out.export = { ms, rawMs: round(rawExport.ms), bytes: statSync(file).size, rawBytes: rawExport.bytes, rows: rawExport.rows };
    } finally {
      await page.close();
    }
  }

  const device = await freshContext();
  try {
    const { page } = await openPage(device, env, { throttle: 1 });
    await page.goto('/backup');
    const input = page.locator('[data-testid=restore-file]');
    if (!(await routeExists(page, '[data-testid=restore-file]', 15_000)))
      return { ...out, note: 'restore not measured: /backup has no [data-testid=restore-file]' };
    await waitForBuiltins(page);
    const t0 = Date.now();
    await input.setInputFiles(file);
    const dialog = page.locator('dialog[open][data-testid=restore-dialog]');
    await dialog.or(page.locator('[data-testid=restore-error]')).first().waitFor({ timeout: 300_000 });
    if (await page.locator('[data-testid=restore-error]').count()) {
      out.restore = { note: `restore not measured: ${(await page.locator('[data-testid=restore-error]').textContent())?.trim().slice(0, 160)}` };
      return out;
    }
    const t1 = Date.now();
    await dialog.locator('input[value=replace]').check();
    await dialog.getByRole('button', { name: /Replace my data/ }).click();
    await page.locator('[data-testid=restore-done], [data-testid=restore-error]').first().waitFor({ timeout: 300_000 });
    const t2 = Date.now();
    if (!(await page.locator('[data-testid=restore-done]').count())) {
      out.restore = { note: `restore failed: ${(await page.locator('[data-testid=restore-error]').textContent())?.trim().slice(0, 160)}` };
      return out;
    }
    const restored = await rawCounts(page);
    out.restore = {
      ms: t2 - t0,
      checkMs: t1 - t0,
      applyMs: t2 - t1,
      rawMs: round(rawRestore.ms),
      rows: rawRestore.rows,
      restored,
      source,
      ...(restored.cards !== source.cards || restored.logs !== source.logs
        ? { warning: `restored ${restored.cards} cards / ${restored.logs} logs, source had ${source.cards} / ${source.logs}` }
        : {})
    };
    await page.close();
    return out;
  } finally {
    await device.close();
  }
}
