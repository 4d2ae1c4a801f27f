/**
 * Browse search at the collection's size (4x CPU, the study profile's database): the text typed
 * into /browse's search box as one input event, then the time until the first page of the new
 * results is on screen and until the summary shows the final count. The page debounces typing by
 * 200 ms, which is included. A common word, a rare one and one found nowhere (a full scan).
 */
import type { BrowserContext } from '@playwright/test';
import { failShot, openPage, type Env } from './measure';
import { round } from './stats';

export const SEARCH_WORDS = ['kernel', 'kernel deadlock mutex', 'xylophone'];

export interface SearchRun {
  word: string;
  firstPageMs: number;
  totalMs: number;
  summary: string;
}

export async function measureSearch(ctx: BrowserContext, env: Env, words = SEARCH_WORDS): Promise<SearchRun[]> {
  const { page } = await openPage(ctx, env);
  try {
    await page.goto('/browse');
    await page.locator('ul.results li').first().waitFor();
    await page.locator('.summary').filter({ hasText: /^\s*\d+ cards?/ }).waitFor();
    const runs: SearchRun[] = [];
    for (const word of words) {
      const r = await page.evaluate(
        ([text, timeout]) =>
          new Promise<{ firstPageMs: number; totalMs: number; summary: string }>((resolve, reject) => {
            const summary = () => document.querySelector('.summary')?.textContent?.trim() ?? '';
            const before = summary();
            const input = document.querySelector<HTMLInputElement>('input[type=search]')!;
            let firstPageMs = NaN;
            const t0 = performance.now();
            const check = () => {
              const now = summary();
              if (now === before) return;
              if (Number.isNaN(firstPageMs)) firstPageMs = performance.now() - t0;
              if (/^\d+ cards?\b/.test(now)) {
                observer.disconnect();
                resolve({ firstPageMs, totalMs: performance.now() - t0, summary: now.replace(/\s+/g, ' ').slice(0, 40) });
              }
            };
            const observer = new MutationObserver(check);
            observer.observe(document.querySelector('main')!, { childList: true, subtree: true, characterData: true });
            setTimeout(() => reject(new Error(`search for "${text}" did not settle in ${timeout} ms`)), timeout);
            input.value = text;
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }),
        [word, 120_000] as const
      );
      runs.push({ word, firstPageMs: round(r.firstPageMs), totalMs: round(r.totalMs), summary: r.summary });
    }
    return runs;
  } catch (error) {
    await failShot(page, env, 'search');
    throw error;
  } finally {
    await page.close();
  }
}
