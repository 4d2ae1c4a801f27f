/**
 * The automatic backup's cost: "Back up now" on /backup (the same code the study screen runs in
 * idle time), first a full snapshot, then, after answers, an increment. Reported: wall time,
 * compressed size, and the main thread's longest task while it ran (PerformanceObserver
 * 'longtask': tasks of 50 ms and more), which bounds how long a key press could wait.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { failShot, openPage, type Env } from './measure';
import { round } from './stats';

export interface AutoBackupRun {
  kind: string;
  ms: number;
  bytes: string;
  longestTaskMs: number;
  longTasks: number;
  longTaskTotalMs: number;
}

async function timedBackup(page: Page, timeoutMs: number): Promise<AutoBackupRun> {
  await page.goto('/backup');
  const button = page.locator('[data-testid=backup-now]');
  await button.waitFor({ timeout: 30_000 });
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await button.click();
  await page.locator('[data-testid=auto-backup-done], [role=alert]').first().waitFor({ timeout: timeoutMs });
  const ms = Date.now() - t0;
  const done = page.locator('[data-testid=auto-backup-done]');
  if (!(await done.count())) throw new Error(`automatic backup failed: ${await page.locator('[role=alert]').first().textContent()}`);
  const text = (await done.textContent()) ?? '';
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  const [, kind, bytes] = /Backed up \((\w+), ([^)]+)\)/.exec(text) ?? [];
  return { kind, ms, bytes, longestTaskMs: round(Math.max(0, ...tasks)), longTasks: tasks.length, longTaskTotalMs: round(tasks.reduce((a, b) => a + b, 0)) };
}

export async function measureAutoBackup(ctx: BrowserContext, env: Env, deckId: string, throttle = 1): Promise<Record<string, unknown>> {
  const { page } = await openPage(ctx, env, { throttle });
  try {
    await page.goto('/backup');
    await page
      .locator('[data-testid=automatic-backups]')
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    if (!(await page.locator('[data-testid=backup-now]').count())) return { note: 'not measured: /backup has no "Back up now" button (or no OPFS)' };
    const full = await timedBackup(page, env.timeoutMs);
    await page.goto(`/study/${deckId}`);
    await page.locator('article.card').waitFor();
    const answered = await page.evaluate(([n, s]) => window.__benchDrive(n, s), [20, 99] as const);
    const incremental = await timedBackup(page, env.timeoutMs);
    return { throttle, full, incremental, answeredBetween: answered.answered };
  } catch (error) {
    await failShot(page, env, 'auto-backup');
    throw error;
  } finally {
    await page.close();
  }
}
