import { expect, test, type Page } from '@playwright/test';
import { Queue } from '../../src/lib/db/schema';
import { openFirstDeck, readStore } from './helpers';

// The next card is painted as the grade is given, before the answer's transaction has committed
// (srs/next-guess.ts); the answer's own read of the next card decides. These tests hold the
// answer back with a read-write transaction of their own on the cards, opened in the page with
// plain IndexedDB, so the moment between the paint and the commit can be looked at.

interface LogRow {
  cardId: string;
  rating: number;
}

/** Opens the first deck and shows the answer side of its first card; resolves with that card's id. */
async function answerSideOfFirstCard(page: Page): Promise<string> {
  await openFirstDeck(page);
  const id = (await page.locator('article.card').getAttribute('data-card-id'))!;
  await page.keyboard.press('Space');
  await expect(page.locator('[data-grade=good] .interval')).not.toBeEmpty();
  // What can come next is read right after the card is painted; give that read a moment.
  await page.waitForTimeout(500);
  return id;
}

/** Holds a read-write transaction on the cards until releaseCards(). */
async function holdCards(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['cards'], 'readwrite');
          const cards = tx.objectStore('cards');
          const w = window as unknown as HeldCards;
          w.releaseCards = false;
          w.inHeldCards = [];
          // A transaction stays open while it has requests: ask again until released. Work handed
          // over meanwhile runs here, where the transaction is active.
          const spin = () => {
            for (const work of w.inHeldCards.splice(0)) work(cards);
            if (!w.releaseCards) cards.get('no such card').onsuccess = spin;
          };
          spin();
          tx.oncomplete = () => db.close();
          resolve();
        };
      })
  );
}

interface HeldCards {
  releaseCards: boolean;
  inHeldCards: ((cards: IDBObjectStore) => void)[];
}

const releaseCards = (page: Page) => page.evaluate(() => ((window as unknown as HeldCards).releaseCards = true));

const replacedGuesses = (page: Page) => page.evaluate(() => performance.getEntriesByName('study:guess-replaced').length);

test('the next card is painted as the grade is given, busy until the answer is written, then kept', async ({ page }, testInfo) => {
  const first = await answerSideOfFirstCard(page);
  const card = page.locator('article.card');
  await holdCards(page);
  await page.keyboard.press('3');

  // On screen before the answer could even start its transaction.
  await expect(card).not.toHaveAttribute('data-card-id', first);
  await expect(card).toHaveAttribute('aria-busy', 'true');
  const guessed = (await card.getAttribute('data-card-id'))!;
  await page.waitForTimeout(300);
  await expect(card).toHaveAttribute('aria-busy', 'true'); // still held back: not written yet
  await page.screenshot({ path: testInfo.outputPath('early-paint-busy.png') });
  // A key on the card painted early is not lost: it waits for the answer before it.
  await page.keyboard.press('Space');
  await expect(page.locator('[data-grade=good]')).toBeVisible();

  await releaseCards(page);
  await expect(card).toHaveAttribute('aria-busy', 'false');
  await expect(card).toHaveAttribute('data-card-id', guessed); // the answer's read found the same card
  expect(await replacedGuesses(page)).toBe(0);
  const logs = await readStore<LogRow>(page, 'reviewLogs');
  expect(logs.map((l) => [l.cardId, l.rating])).toEqual([[first, 3]]);

  // Graded at once, the card painted early is answered like any other.
  await page.keyboard.press('4');
  await expect(card).not.toHaveAttribute('data-card-id', guessed);
  await expect(card).toHaveAttribute('aria-busy', 'false');
  await expect
    .poll(async () => (await readStore<LogRow>(page, 'reviewLogs')).map((l) => [l.cardId, l.rating]))
    .toEqual([
      [first, 3],
      [guessed, 4]
    ]);
  // Undo takes back the answer given last, and a reload resumes where the screen is.
  await page.keyboard.press('z');
  await expect(card).toHaveAttribute('data-card-id', guessed);
  await expect.poll(async () => (await readStore<LogRow>(page, 'reviewLogs')).length).toBe(1);
});

test('a guess the database contradicts is replaced by the card the answer read', async ({ page }) => {
  const first = await answerSideOfFirstCard(page);
  const card = page.locator('article.card');
  await holdCards(page);
  await page.keyboard.press('3');
  await expect(card).toHaveAttribute('aria-busy', 'true');
  const guessed = (await card.getAttribute('data-card-id'))!;
  expect(guessed).not.toBe(first);

  // Meanwhile something that did not tell this tab suspends the card painted early.
  await page.evaluate(
    ({ id, suspended }) =>
      new Promise<void>((resolve) => {
        const w = window as unknown as HeldCards;
        w.inHeldCards.push((cards) => {
          cards.get(id).onsuccess = (e) => {
            const row = (e.target as IDBRequest).result;
            cards.put({ ...row, suspended: true, queue: suspended }).onsuccess = () => {
              w.releaseCards = true;
              resolve();
            };
          };
        });
      }),
    { id: guessed, suspended: Queue.Suspended }
  );

  await expect(card).toHaveAttribute('aria-busy', 'false');
  const shown = (await card.getAttribute('data-card-id'))!;
  expect([first, guessed]).not.toContain(shown);
  expect(await replacedGuesses(page)).toBe(1);
  expect((await readStore<LogRow>(page, 'reviewLogs')).map((l) => [l.cardId, l.rating])).toEqual([[first, 3]]);
  // The replacement is the question side of a card the queue really offers.
  await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();

  // A card shown the usual way (here, the replacement) is guessed past again.
  await page.keyboard.press('Space');
  await expect(page.locator('[data-grade=good] .interval')).not.toBeEmpty();
  await page.waitForTimeout(500);
  await holdCards(page);
  await page.keyboard.press('3');
  await expect(card).not.toHaveAttribute('data-card-id', shown);
  await expect(card).toHaveAttribute('aria-busy', 'true');
  await releaseCards(page);
  await expect(card).toHaveAttribute('aria-busy', 'false');
  expect((await readStore<LogRow>(page, 'reviewLogs')).map((l) => [l.cardId, l.rating])).toEqual([
    [first, 3],
    [shown, 3]
  ]);
});
