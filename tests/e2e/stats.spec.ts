import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

// A fixed clock and time zone, so study days (04:00 rollover) and streaks are deterministic.
test.use({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });
const NOW = new Date('2026-03-10T15:00:00+01:00'); // Tuesday 10 March 2026, 15:00 local

interface Seeded {
  deckId: string;
  deckTitle: string;
  deckTotal: number;
  hardCardId: string;
}

/**
 * Lets the app create its database and built-in decks, then writes a review history and card
 * schedules with raw IndexedDB (independent of the app's code).
 */
async function seed(page: Page): Promise<Seeded> {
  await page.clock.setFixedTime(NOW);
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  const deckId = (await page.locator('a.deck').first().getAttribute('data-deck'))!;
  return page.evaluate(async (deckId) => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const db = await request(indexedDB.open('interview-flashcards'));
    const read = db.transaction(['cards', 'decks'], 'readonly');
    const deck = await request(read.objectStore('decks').get(deckId));
    const cards = ((await request(read.objectStore('cards').index('deckId').getAll(deckId))) as { id: string; ord: number }[]).sort((a, b) => a.ord - b.ord);
    const at = (m: number, d: number, h: number, min = 0) => new Date(2026, m - 1, d, h, min).getTime();
    const [c0, c1, c2, c3] = cards.map((c) => c.id);

    const logs: Record<string, unknown>[] = [];
    let n = 0;
    const answer = (cardId: string, review: number, state: number, rating: number) => {
      const before = {
        due: review,
        stability: 3,
        difficulty: 5,
        scheduledDays: 3,
        learningSteps: 0,
        reps: 3,
        lapses: 0,
        state,
        lastReview: review - 86400_000
      };
      logs.push({
        id: `0190seed-${String(++n).padStart(4, '0')}`,
        cardId,
        deckId,
        rating,
        review,
        duration: 30_000,
        state,
        due: review,
        stability: 3,
        difficulty: 5,
        elapsedDays: 3,
        scheduledDays: 3,
        learningSteps: 0,
        before
      });
    };
    // Seven days in a row in January (the longest streak): 3 answers to new cards each.
    for (let d = 10; d <= 16; d++) for (let k = 0; k < 3; k++) answer(c0, at(1, d, 9 + k), 0, 3);
    // 1 March alone, then nothing from 2 to 5 March.
    answer(c1, at(3, 1, 10), 0, 3);
    answer(c1, at(3, 1, 11), 0, 3);
    // The current streak: 6 to 10 March. Review-state answers: 18, of them 15 not Again.
    for (const [d, ratings] of [
      [6, [3, 3, 1, 3]],
      [7, [3, 4, 3, 3]],
      [8, [3, 3, 1]],
      [9, [3, 3, 3]]
    ] as [number, number[]][]) {
      ratings.forEach((r, k) => answer(c2, at(3, d, 12 + k), 2, r));
    }
    answer(c3, at(3, 8, 18), 1, 1); // learning card: not part of retention
    answer(c3, at(3, 10, 2), 2, 2); // 02:00 on 10 March is still 9 March's study day
    [3, 1, 3].forEach((r, k) => answer(c0, at(3, 10, 9 + k), 2, r)); // today

    const write = db.transaction(['cards', 'reviewLogs'], 'readwrite');
    for (const log of logs) write.objectStore('reviewLogs').add(log);
    const store = write.objectStore('cards');
    const patch = async (id: string, changes: Record<string, unknown>) => store.put({ ...(await request(store.get(id))), ...changes });
    await patch(c0, { state: 2, queue: 2, due: at(3, 9, 10), scheduledDays: 4, reps: 9, lapses: 5 }); // overdue: today
    await patch(c1, { state: 2, queue: 2, due: at(3, 11, 3), scheduledDays: 6, reps: 4, lapses: 2 }); // 03:00 tomorrow: still today
    await patch(c2, { state: 3, queue: 1, due: at(3, 10, 18), scheduledDays: 0, reps: 7, lapses: 3 }); // relearning, later today
    await patch(c3, { state: 2, queue: 2, due: at(3, 11, 9), scheduledDays: 25, reps: 5, lapses: 0 }); // tomorrow, mature
    await new Promise((resolve, reject) => ((write.oncomplete = resolve), (write.onerror = () => reject(write.error))));
    db.close();
    return { deckId, deckTitle: (deck as { title: string }).title, deckTotal: cards.length, hardCardId: c0 };
  }, deckId);
}

test('the statistics page shows the seeded history in numbers and charts', async ({ page }, testInfo) => {
  const seeded = await seed(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stats' }).click();
  await expect(page).toHaveURL(/\/stats$/);

  // Key numbers as text.
  await expect(page.getByTestId('streak-current')).toHaveText('5 days');
  await expect(page.getByTestId('streak-longest')).toHaveText('7 days');
  await expect(page.getByTestId('total-reviews')).toHaveText('42');
  await expect(page.getByTestId('reviews-today')).toHaveText('3');
  await expect(page.getByTestId('due-today')).toHaveText('3');
  await expect(page.getByTestId('retention-30')).toHaveText('83%');

  // Heatmap: 13 study days with reviews; the 02:00 answer counts for 9 March.
  const heatmap = page.getByRole('img', { name: 'Reviews per study day over the last year' });
  await expect(heatmap.locator('rect.cell:not(.l0)')).toHaveCount(13);
  await expect(heatmap.locator('rect[data-date="2026-03-09"]')).toHaveAttribute('data-count', '4');
  await expect(heatmap.locator('rect[data-date="2026-03-10"]')).toHaveAttribute('data-count', '3');
  await expect(heatmap.locator('rect[data-date="2026-03-10"]')).toHaveClass(/today/);
  await expect(heatmap.locator('rect[data-date="2025-03-09"]')).toHaveCount(0); // more than 53 weeks ago

  // Reviews and time per day, last 30 days (January is outside).
  await expect(page.getByTestId('recent-reviews')).toContainText('21 reviews in the last 30 days, on 6 days');
  await expect(page.getByRole('img', { name: 'Reviews per day, last 30 days' }).locator('rect.bar')).toHaveCount(6);
  await expect(page.getByTestId('recent-time')).toContainText('Today: 2 min'); // 3 answers × 30 s
  await expect(page.getByTestId('forecast-summary')).toContainText('3 cards due today (overdue included), 1 tomorrow');
  const forecast = page.getByRole('img', { name: 'Cards due per day, next 30 days' });
  await expect(forecast.locator('rect.bar')).toHaveCount(3); // today: review + learning, tomorrow: review

  // Retention: 15 of 18 review-state answers, against the default desired retention of 90%.
  await expect(page.getByTestId('retention-daily')).toContainText('83% (15 of 18 reviews recalled); desired retention 90%');
  await expect(page.getByRole('img', { name: /True retention per day/ }).locator('circle.dot')).toHaveCount(5);
  await expect(page.getByRole('img', { name: /True retention per week/ }).locator('line.target')).toHaveCount(1);

  // Cards, deck progress and the hardest cards (linked to their deck).
  await expect(page.locator('[data-state=review] dd')).toHaveText('3');
  await expect(page.locator('[data-state=relearning] dd')).toHaveText('1');
  await expect(page.locator(`.decks li[data-deck="${seeded.deckId}"]`)).toContainText(`4 / ${seeded.deckTotal} seen · 1 mature`);
  const hardest = page.locator('.hardest li').first();
  await expect(hardest).toHaveAttribute('data-card-id', seeded.hardCardId);
  await expect(hardest).toContainText('5 lapses in 9 answers');
  await expect(hardest.getByRole('link', { name: seeded.deckTitle })).toHaveAttribute('href', `/study/${seeded.deckId}`);
  await expect(page.locator('.hardest li')).toHaveCount(3);

  // The data behind a chart, as a table.
  await page.getByRole('img', { name: 'Reviews per day, last 30 days' }).locator('..').getByText('Show as table').click();
  await expect(page.getByRole('row', { name: /Tue 10 Mar/ }).first()).toContainText('3');

  // Nothing is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.map((v) => `${colorScheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`stats-${colorScheme}.png`), fullPage: true, scale: 'css' });
    // STATS_SHOTS=dir also saves the page and each panel there, at CSS pixel size, for review.
    if (process.env.STATS_SHOTS) {
      await page.screenshot({ path: `${process.env.STATS_SHOTS}/${colorScheme}-page.png`, fullPage: true, scale: 'css' });
      for (const [name, y] of [
        ['top', 0],
        ['bottom', 1e6]
      ] as const) {
        await page.evaluate((top) => window.scrollTo(0, top), y);
        await page.screenshot({ path: `${process.env.STATS_SHOTS}/${colorScheme}-${name}.png`, scale: 'css' });
      }
      const panels = page.locator('section.panel');
      for (let i = 0; i < (await panels.count()); i++)
        await panels.nth(i).screenshot({ path: `${process.env.STATS_SHOTS}/${colorScheme}-${i}.png`, scale: 'css' });
    }
  }
});

test('an empty history shows zeros, not errors', async ({ page }) => {
  await page.clock.setFixedTime(NOW);
  await page.goto('/stats');
  await expect(page.getByTestId('streak-current')).toHaveText('0 days');
  await expect(page.getByTestId('total-reviews')).toHaveText('0');
  await expect(page.getByTestId('retention-30')).toHaveText('–');
  await expect(page.getByRole('img', { name: 'Reviews per study day over the last year' }).locator('rect.cell:not(.l0)')).toHaveCount(0);
  await expect(page.getByText('No card has been forgotten yet')).toBeVisible();
});
