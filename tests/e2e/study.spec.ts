import { expect, test } from '@playwright/test';
import { openFirstDeck, readStore, movedOn } from './helpers';

interface LogRow {
  cardId: string;
  rating: number;
  state: number;
}
interface CardRow {
  id: string;
  state: number;
  reps: number;
  due: number;
  queue: number;
}

const labelsOf = async (page: import('@playwright/test').Page) =>
  Object.fromEntries(
    await Promise.all(['again', 'hard', 'good', 'easy'].map(async (g) => [g, (await page.locator(`[data-grade=${g}] .interval`).textContent())!.trim()]))
  );

test('study three cards, undo the last answer, reload and keep everything', async ({ page }) => {
  const deckId = await openFirstDeck(page);
  const answered: string[] = [];

  // Card 1: reveal with the button, check the interval labels of a new card, grade Good.
  const card1 = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.getByRole('button', { name: 'Show answer' }).click();
  const labels = await labelsOf(page);
  // New card with learning steps 1m, 10m: Again 1m, Hard 6m (between steps), Good 10m, Easy days.
  expect(labels.again).toBe('1m');
  expect(labels.hard).toBe('6m');
  expect(labels.good).toBe('10m');
  expect(labels.easy).toMatch(/^\d+d$/);
  await page.locator('[data-grade=good]').click();
  answered.push(card1);
  // After the first answer the app asks once for persistent storage.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('storage-persist-asked'))).not.toBeNull();

  // Card 2: reveal with Space, grade Easy with key 4.
  await movedOn(page.locator('article.card'), card1);
  const card2 = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.keyboard.press('Space');
  await expect(page.locator('[data-grade=easy]')).toBeVisible();
  await page.keyboard.press('4');
  answered.push(card2);

  // Card 3: reveal with Enter, grade Again with key 1.
  await movedOn(page.locator('article.card'), card2);
  const card3 = (await page.locator('article.card').getAttribute('data-card-id'))!;
  expect(new Set([card1, card2, card3]).size).toBe(3);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-grade=again]')).toBeVisible();
  await page.keyboard.press('1');

  // Card 3 is in learning for 1 minute, so another new card comes next.
  await movedOn(page.locator('article.card'), card3);
  let logs = await readStore<LogRow>(page, 'reviewLogs');
  expect(logs.map((l) => [l.cardId, l.rating, l.state])).toEqual([
    [card1, 3, 0],
    [card2, 4, 0],
    [card3, 1, 0]
  ]);

  // Undo with Z: card 3 comes back as a new card and its log row is gone.
  await page.keyboard.press('z');
  await expect(page.locator('article.card')).toHaveAttribute('data-card-id', card3);
  logs = await readStore<LogRow>(page, 'reviewLogs');
  expect(logs.map((l) => l.cardId)).toEqual([card1, card2]);
  let cards = new Map((await readStore<CardRow>(page, 'cards')).map((c) => [c.id, c]));
  expect(cards.get(card3)).toMatchObject({ state: 0, reps: 0, queue: 0 });

  // Reveal card 3 and reload mid-card: the same card and its revealed answer come back.
  await page.keyboard.press('Space');
  await page.reload();
  await expect(page.locator('article.card')).toHaveAttribute('data-card-id', card3);
  await expect(page.locator('[data-grade=good]')).toBeVisible();

  logs = await readStore<LogRow>(page, 'reviewLogs');
  expect(logs).toHaveLength(2);
  cards = new Map((await readStore<CardRow>(page, 'cards')).map((c) => [c.id, c]));
  expect(cards.get(card1)).toMatchObject({ state: 1, reps: 1, queue: 1 });
  expect(cards.get(card1)!.due - Date.now()).toBeGreaterThan(8 * 60_000);
  expect(cards.get(card2)).toMatchObject({ state: 2, reps: 1, queue: 2 });
  expect(cards.get(card2)!.due - Date.now()).toBeGreaterThan(24 * 3600_000);

  // Back on the deck list, the counts reflect the two answers (card 1 learning, card 2 not due).
  await page.getByRole('link', { name: /Back to decks/ }).click();
  const row = page.locator(`a.deck[data-deck="${deckId}"]`);
  await expect(row.locator('[data-count=learning]')).toHaveText('1');
  await expect(row.locator('[data-count=review]')).toHaveText('0');
});

test('Ctrl+Z undoes too and the undo button is disabled when there is nothing to undo', async ({ page }) => {
  await openFirstDeck(page);
  const undo = page.getByRole('button', { name: 'Undo' });
  await expect(undo).toBeDisabled();
  const first = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.keyboard.press('Space');
  await page.keyboard.press('3');
  await movedOn(page.locator('article.card'), first);
  await expect(undo).toBeEnabled();
  await page.keyboard.press('Control+z');
  await expect(page.locator('article.card')).toHaveAttribute('data-card-id', first);
  await expect(undo).toBeDisabled();
  expect(await readStore(page, 'reviewLogs')).toHaveLength(0);
});

// Screen readers announce a change inside a live region, not a region inserted with its text
// already in it: the next card (and an undone one) must replace the content of the same article.
test('the next card and an undone card are shown in the same live region, which then holds their text', async ({ page }) => {
  await openFirstDeck(page);
  const card = page.locator('article.card');
  await expect(card).toHaveAttribute('aria-live', 'polite');
  await card.evaluate((el) => ((window as { shownIn?: Element }).shownIn = el));
  const sameRegion = () => card.evaluate((el) => el === (window as { shownIn?: Element }).shownIn);
  const first = (await card.getAttribute('data-card-id'))!;
  const firstText = await card.locator('.front').innerText();
  await page.keyboard.press('Space');
  await page.keyboard.press('3');
  await movedOn(card, first);
  expect(await sameRegion()).toBe(true);
  await expect(card.locator('.front')).not.toHaveText(firstText);
  await expect(card.locator('.back')).toHaveCount(0);
  await page.keyboard.press('z');
  await expect(card).toHaveAttribute('data-card-id', first);
  expect(await sameRegion()).toBe(true);
  await expect(card.locator('.front')).toHaveText(firstText);
});

test('built-in cards are shown from their stored HTML without loading marked and DOMPurify', async ({ page }) => {
  const scripts: import('@playwright/test').Response[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.js')) scripts.push(r);
  });
  const rendererLoaded = async () => (await Promise.all(scripts.map((r) => r.text().catch(() => '')))).some((text) => text.includes('DOMPurify'));

  await openFirstDeck(page);
  const id = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.keyboard.press('Space');
  await expect(page.locator('[data-grade=good]')).toBeVisible();
  const card = (await readStore<{ id: string; rendered?: { front: string; back: string } }>(page, 'cards')).find((c) => c.id === id)!;
  expect(card.rendered).toBeDefined();
  // What is on screen is the stored HTML (compared as text: the highlighter adds spans to code).
  const textOf = (html: string) => page.evaluate((h) => Object.assign(document.createElement('div'), { innerHTML: h }).textContent, html);
  await expect(page.locator('article.card .front')).toHaveText((await textOf(card.rendered!.front))!);
  await expect(page.locator('article.card .back')).toHaveText((await textOf(card.rendered!.back))!);
  expect(await rendererLoaded()).toBe(false);

  // Editing drops the built-in HTML: the card shows the user's Markdown, rendered by the app.
  await page.keyboard.press('e');
  await page.getByLabel('Back (answer, Markdown)').fill('An **edited** answer');
  await page.keyboard.press('Control+Enter');
  // Back on the same card, answer side as it was left (no key: Space there would answer it).
  await expect(page.locator('article.card')).toHaveAttribute('data-card-id', id);
  await expect(page.locator('[data-grade=good]')).toBeVisible();
  await expect(page.locator('article.card .back strong')).toHaveText('edited');
  // Never the built-in HTML again: stored HTML, once the background renderer has made it, is of the user's text.
  const after = (await readStore<{ id: string; rendered?: { back: string } }>(page, 'cards')).find((c) => c.id === id)!;
  if (after.rendered) expect(after.rendered.back).toBe('<p>An <strong>edited</strong> answer</p>\n');
  expect(await rendererLoaded()).toBe(true);
});

test('cards buried yesterday are back today, even when they are all the deck has left', async ({ page }) => {
  const deckId = await openFirstDeck(page);
  // Every card of the deck was buried on an earlier day: the burial has run out.
  const buried = await page.evaluate(
    (deck) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards');
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('cards', 'readwrite');
          const store = tx.objectStore('cards');
          let count = 0;
          store.index('deckId').openCursor(IDBKeyRange.only(deck)).onsuccess = (event) => {
            const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result;
            if (!cursor) return;
            cursor.update({ ...cursor.value, queue: -2, buriedUntil: Date.now() - 60_000 });
            count++;
            cursor.continue();
          };
          tx.oncomplete = () => {
            db.close();
            resolve(count);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    deckId
  );
  expect(buried).toBeGreaterThan(10);
  await page.goto(`/study/${deckId}`);
  await expect(page.locator('article.card')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Done for today' })).toHaveCount(0);
  const cards = (await readStore<{ deckId: string; queue: number; buriedUntil?: number }>(page, 'cards')).filter((c) => c.deckId === deckId);
  expect(cards.filter((c) => c.queue === -2)).toHaveLength(0);
});

test('undo takes back the answer given last, even when the clock was set back in between', async ({ page }) => {
  const noon = new Date(2026, 0, 10, 12).getTime();
  await page.clock.setFixedTime(noon);
  await openFirstDeck(page);
  const first = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.keyboard.press('Space');
  await page.keyboard.press('4');
  await movedOn(page.locator('article.card'), first);

  // The device's clock goes back an hour: the next answer has the older review time.
  await page.clock.setFixedTime(noon - 3_600_000);
  const second = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.keyboard.press('Space');
  await page.keyboard.press('4');
  await movedOn(page.locator('article.card'), second);

  await page.keyboard.press('z');
  await expect(page.locator('article.card')).toHaveAttribute('data-card-id', second);
  expect((await readStore<LogRow>(page, 'reviewLogs')).map((l) => l.cardId)).toEqual([first]);
});

test('a card the scheduler cannot grade is explained in words; grading it writes nothing; suspending it moves on', async ({ page }) => {
  const deckId = await openFirstDeck(page);
  // Stored cards whose memory state FSRS cannot schedule from (restore refuses these; an older app
  // or another tool could still have written them), due for review: the answer must fail whole.
  await page.evaluate(
    (deck) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('cards', 'readwrite');
          const store = tx.objectStore('cards');
          const day = 86_400_000;
          store.openCursor().onsuccess = (event) => {
            const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result;
            if (!cursor) return;
            const card = cursor.value;
            if (card.deckId === deck && card.queue >= 0)
              cursor.update({
                ...card,
                state: 2,
                queue: 2,
                due: Date.now() - day,
                lastReview: Date.now() - 3 * day,
                stability: -5,
                difficulty: 42,
                reps: 3,
                scheduledDays: 2
              });
            cursor.continue();
          };
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    deckId
  );
  await page.reload();
  const card = page.locator('article.card');
  await expect(card).toBeVisible();
  const cardId = (await card.getAttribute('data-card-id'))!;
  const logsBefore = await readStore(page, 'reviewLogs');
  const damaged = page.getByRole('alert').filter({ hasText: "This card's saved schedule is damaged (" });
  await page.keyboard.press('Space');
  await expect(damaged).toContainText('so it cannot be graded; nothing was changed. Suspend or bury it to study the rest of the deck.');
  await page.keyboard.press('3');
  await expect(damaged).toBeVisible();
  await expect(card).toHaveAttribute('data-card-id', cardId);
  expect(await readStore(page, 'reviewLogs')).toEqual(logsBefore);
  // Suspending it moves on, as the message says.
  await page.getByRole('button', { name: 'Suspend' }).click();
  await movedOn(card, cardId);
});
