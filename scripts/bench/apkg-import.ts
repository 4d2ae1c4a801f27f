/**
 * An Anki package with review history through the real /import page (unthrottled): file chosen
 * -> preview -> "Import" -> done, beside raw IndexedDB writing the same number of card and log
 * rows. Memory: the page's JS heap sampled every 200 ms (its peak), and the renderer process's
 * peak resident memory above its level before (the import worker, its JS heap and sql.js's
 * WebAssembly memory live in that process, outside the page's heap).
 */
import { statSync } from 'node:fs';
import type { BrowserContext } from '@playwright/test';
import { rendererPids, startPeakProbe } from '../../tests/e2e/support/process-memory';
import { failShot, harnessPage, openPage, type Env } from './measure';
import { round } from './stats';

const MB = 1024 * 1024;

export async function measureApkgImport(
  ctx: BrowserContext,
  env: Env,
  path: string,
  notes: number,
  reviews: number,
  seed: number
): Promise<Record<string, unknown>> {
  const hp = await harnessPage(ctx, env, 1);
  const raw = await hp.page.evaluate((o) => window.__bench.rawCardsAndLogsPut(o), { cards: notes, logs: reviews, seed, now: Date.now() });
  await hp.page.close();

  const { page, cdp } = await openPage(ctx, env, { throttle: 1 });
  let sampler: ReturnType<typeof setInterval> | undefined;
  try {
    await page.goto('/import');
    await page.locator('[data-testid=import-file]:not([disabled])').waitFor({ state: 'attached', timeout: 30_000 });
    // Start-up work (the built-in decks) settles first.
    await page.waitForTimeout(3000);
    await cdp.send('HeapProfiler.collectGarbage');
    const heapBefore = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    let heapPeak = heapBefore;
    sampler = setInterval(() => {
      cdp.send('Runtime.getHeapUsage').then(
        ({ usedSize }) => (heapPeak = Math.max(heapPeak, usedSize)),
        () => {}
      );
    }, 200);
    const probe = startPeakProbe(await rendererPids(ctx.browser()!));
    const t0 = Date.now();
    await page.locator('[data-testid=import-file]').setInputFiles(path);
    const confirm = page.locator('[data-testid=import-confirm]');
    await page.waitForFunction(
      () => {
        const b = document.querySelector<HTMLButtonElement>('[data-testid=import-confirm]');
        return (b && !b.disabled) || !!document.querySelector('[data-testid=import-error]');
      },
      null,
      { timeout: 600_000 }
    );
    const t1 = Date.now();
    if (!(await confirm.isEnabled().catch(() => false))) {
      const text = await page.locator('[data-testid=import-error]').first().textContent();
      return { note: `not measured: the package was refused (${(text ?? '').trim().slice(0, 200)})` };
    }
    await confirm.click();
    await page.locator('[data-testid=import-done], [data-testid=import-error], main [role=alert]').first().waitFor({ timeout: 600_000 });
    const t2 = Date.now();
    clearInterval(sampler);
    const done =
      (await page
        .locator('[data-testid=import-done]')
        .textContent()
        .catch(() => null)) ?? '';
    if (!(await page.locator('[data-testid=import-done]').count())) return { note: `not measured: import failed (${done.slice(0, 200)})` };
    const parseMs = t1 - t0;
    const writeMs = t2 - t1;
    return {
      notes,
      reviews,
      fileBytes: statSync(path).size,
      done: done.trim(),
      parseMs,
      writeMs,
      totalMs: parseMs + writeMs,
      cardsPerSecond: (notes / (parseMs + writeMs)) * 1000,
      pageHeapBeforeMB: round(heapBefore / MB, 1),
      pageHeapPeakMB: round(heapPeak / MB, 1),
      rendererPeakAboveStartMB: round(probe.peakAboveStartMB(), 0),
      rawMs: round(raw.ms),
      rawRows: raw.cards + raw.logs
    };
  } catch (error) {
    await failShot(page, env, `apkg-${notes}`);
    throw error;
  } finally {
    if (sampler) clearInterval(sampler);
    await page.close();
  }
}
