/**
 * Browse search at the collection's size (4x CPU, the study profile's database): the text typed
 * into /browse's search box as one input event, then the time until the first page of the new
 * results is on screen and until the summary shows the final count. The page debounces typing by
 * 40 ms (100 ms before the word index, 200 ms before 2026-12-05), which is included. A common word, three words and one
 * found nowhere; through the word index (schema version 7) and, as the baseline, by reading every card (`?search=scan`).
 */
import type { BrowserContext } from '@playwright/test';
import { failShot, openPage, topSelfTime, type Env } from './measure';
import { round } from './stats';

export const SEARCH_WORDS = ['kernel', 'kernel deadlock mutex', 'xylophone'];

/**
 * In the page: types `text` as one input event and resolves when the summary shows the final
 * count. A string, not a function: the bundler that runs this file names inner functions with a
 * helper (`__name`) that does not exist in the page.
 */
export const TYPE_AND_WAIT = `function (text, timeout) {
  return new Promise(function (resolve, reject) {
    function summary() {
      var el = document.querySelector('.summary');
      return el && el.textContent ? el.textContent.trim() : '';
    }
    var before = summary();
    var input = document.querySelector('input[type=search]');
    var firstPageMs = NaN;
    var t0 = performance.now();
    var observer = new MutationObserver(function () {
      var now = summary();
      if (now === before) return;
      if (isNaN(firstPageMs)) firstPageMs = performance.now() - t0;
      if (/^\\d+ cards?\\b/.test(now)) {
        observer.disconnect();
        resolve({ firstPageMs: firstPageMs, totalMs: performance.now() - t0, summary: (now.match(/^\\d+ cards?/) || [now])[0] });
      }
    });
    observer.observe(document.querySelector('main'), { childList: true, subtree: true, characterData: true });
    setTimeout(function () { reject(new Error('search for "' + text + '" did not settle in ' + timeout + ' ms')); }, timeout);
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}`;

export interface SearchRun {
  word: string;
  firstPageMs: number;
  totalMs: number;
  summary: string;
  /** With `profile`: the search's main-thread self time by function (CPU profile from the input event to the total). */
  top?: { fn: string; ms: number }[];
}

export type SearchMode = 'index' | 'scan';

export async function measureSearch(ctx: BrowserContext, env: Env, mode: SearchMode, words = SEARCH_WORDS, profile = false): Promise<SearchRun[]> {
  const { page, cdp } = await openPage(ctx, env);
  try {
    await page.goto(mode === 'scan' ? '/browse?search=scan' : '/browse');
    await page.locator('ul.results li').first().waitFor();
    await page
      .locator('.summary')
      .filter({ hasText: /^\s*\d+ cards?/ })
      .waitFor();
    const runs: SearchRun[] = [];
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    }
    for (const word of words) {
      if (profile) await cdp.send('Profiler.start');
      const r = (await page.evaluate(`(${TYPE_AND_WAIT})(${JSON.stringify(word)}, 120000)`)) as { firstPageMs: number; totalMs: number; summary: string };
      const top = profile ? topSelfTime((await cdp.send('Profiler.stop')).profile as never, 10) : undefined;
      runs.push({ word, firstPageMs: round(r.firstPageMs), totalMs: round(r.totalMs), summary: r.summary, ...(top ? { top } : {}) });
    }
    return runs;
  } catch (error) {
    await failShot(page, env, `search-${mode}`);
    throw error;
  } finally {
    await page.close();
  }
}
