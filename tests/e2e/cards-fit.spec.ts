import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledDeck, CompiledManifest } from '../../src/lib/decks/types';

// Every built-in card, as the app shows it (the HTML rendered at build time) with the app's
// styles, must fit a 360 px phone: nothing may stick out of the card except inside code blocks
// and tables, which scroll.
test('every built-in card fits a 360 px wide screen', async ({ page }) => {
  const decksDir = join(import.meta.dirname, '..', '..', 'static', 'decks');
  const manifest = JSON.parse(readFileSync(join(decksDir, 'manifest.json'), 'utf8')) as CompiledManifest;
  const css = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'lib', 'ui', 'theme.css'), 'utf8');
  let html = '';
  let count = 0;
  for (const entry of manifest.decks) {
    const deck = JSON.parse(readFileSync(join(decksDir, entry.file), 'utf8')) as CompiledDeck;
    for (const card of deck.cards) {
      expect(card.html, card.id).toBeDefined();
      const sides = [card.html!.front, card.html!.back, card.html!.more ?? ''].map((html) => `<div class="md">${html}</div>`).join('<hr>');
      html += `<article class="card" data-id="${card.id}">${sides}</article>`;
      count++;
    }
  }
  expect(count).toBeGreaterThan(300);
  await page.setViewportSize({ width: 360, height: 640 });
  await page.setContent(
    `<!doctype html><html><head><meta name="viewport" content="width=device-width"><style>${css} .card{padding:1rem;margin:1rem;border:1px solid}</style></head><body>${html}</body></html>`
  );
  const overflowing = await page.evaluate(() => {
    const out: string[] = [];
    for (const card of document.querySelectorAll<HTMLElement>('article.card')) {
      const right = card.getBoundingClientRect().right;
      const culprit = [...card.querySelectorAll('*')].find((el) => !el.closest('pre, table') && el.getBoundingClientRect().right > right + 1);
      if (culprit) out.push(`${card.dataset.id}: <${culprit.tagName.toLowerCase()}> ${culprit.textContent?.slice(0, 50)}`);
    }
    return out;
  });
  expect(overflowing).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
