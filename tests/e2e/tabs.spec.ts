import AxeBuilder from '@axe-core/playwright';
import { createRequire } from 'node:module';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { NATIVE_SCHEMA_VERSION } from '../../src/lib/db/identity';
import { openFirstDeck, readStore, movedOn } from './helpers';

// Two pages of one browser context are two tabs of one browser: one origin, one real IndexedDB.

interface LogRow {
  cardId: string;
}

const DB = 'interview-flashcards';
const cardOn = (page: Page) => page.locator('article.card').getAttribute('data-card-id');
const headerCount = async (page: Page, kind: 'new' | 'learning' | 'review') => Number(await page.locator(`.bar .counts .${kind}`).textContent());
const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map((v) => v.id);
const logsOf = async (page: Page, cardId: string) => (await readStore<LogRow>(page, 'reviewLogs')).filter((l) => l.cardId === cardId).length;

/** A page of the app's origin that does not run the app: a stand-in for another program holding the database. */
async function blankTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.route('**/blank-tab', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>other tab</title>' }));
  await page.goto('/blank-tab');
  return page;
}

/** Two tabs studying the same deck, both showing its first card; returns the deck and card ids. */
async function twoStudyTabs(a: Page, b: Page): Promise<{ deckId: string; card: string }> {
  const deckId = await openFirstDeck(a);
  await b.goto(`/study/${deckId}`);
  await b.locator('article.card').waitFor();
  const card = (await cardOn(a))!;
  expect(await cardOn(b)).toBe(card);
  return { deckId, card };
}

test('an answer in one tab moves the other tab off that card and updates its counts', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  const { card } = await twoStudyTabs(a, b);
  await expect(b.locator('.bar .counts .new')).not.toHaveText('0');
  const [newBefore, learningBefore] = [await headerCount(b, 'new'), await headerCount(b, 'learning')];

  // B has the answer on screen, about to grade; A grades the card first.
  await b.keyboard.press('Space');
  await expect(b.locator('[data-grade=good]')).toBeVisible();
  await a.keyboard.press('Space');
  await a.keyboard.press('3');
  await movedOn(a.locator('article.card'), card);

  // B leaves the card by itself, says why, and its header follows A's answer.
  await movedOn(b.locator('article.card'), card);
  await expect(b.getByRole('status').filter({ hasText: 'Answered in another tab' })).toBeVisible();
  await expect(b.locator('[data-grade=good]')).toBeHidden();
  await expect.poll(() => headerCount(b, 'new')).toBe(newBefore - 1);
  await expect.poll(() => headerCount(b, 'learning')).toBe(learningBefore + 1);
  expect(await logsOf(a, card)).toBe(1);
  await b.screenshot({ path: test.info().outputPath('answered-in-another-tab.png') });
});

test('a card suspended in one tab leaves the other, and an undo there brings the count back', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  const { card } = await twoStudyTabs(a, b);
  await expect(b.locator('.bar .counts .new')).not.toHaveText('0');
  const newBefore = await headerCount(b, 'new');

  await a.keyboard.press('s');
  await expect(a.getByText('Card suspended')).toBeVisible();
  await movedOn(b.locator('article.card'), card);
  await expect(b.getByRole('status').filter({ hasText: 'This card was removed from study in another tab' })).toBeVisible();

  // A answers its next card and undoes it: B's header follows both (the new count is capped by
  // the daily limit of 20, so the suspension alone need not change it).
  await a.keyboard.press('Space');
  await a.keyboard.press('3');
  await expect.poll(() => headerCount(b, 'learning')).toBe(1);
  await expect.poll(() => headerCount(b, 'new')).toBe(newBefore - 1);
  await a.keyboard.press('z');
  await expect.poll(() => headerCount(b, 'learning')).toBe(0);
  await expect.poll(() => headerCount(b, 'new')).toBe(newBefore);
});

test('a stale card graded in a tab that heard nothing is not graded twice', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  // B gets no messages from other tabs (an old build, or a browser without BroadcastChannel):
  // only the answer's own transaction can stop the second review.
  await b.addInitScript(() => delete (window as { BroadcastChannel?: unknown }).BroadcastChannel);
  const { card } = await twoStudyTabs(a, b);
  await b.keyboard.press('Space');
  await a.keyboard.press('Space');
  await a.keyboard.press('3');
  await movedOn(a.locator('article.card'), card);
  await expect.poll(() => logsOf(a, card)).toBe(1);

  // B still shows the card with its answer; grading it writes nothing and moves on.
  expect(await cardOn(b)).toBe(card);
  await b.keyboard.press('3');
  await movedOn(b.locator('article.card'), card);
  expect(await logsOf(b, card)).toBe(1);
  expect(await readStore(b, 'reviewLogs')).toHaveLength(1);
  await expect(b.getByRole('status').filter({ hasText: 'Answered in another tab' })).toBeVisible();
});

test('two tabs grading the same card at the same moment write one review', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  const { card } = await twoStudyTabs(a, b);
  await a.keyboard.press('Space');
  await b.keyboard.press('Space');
  await expect(a.locator('[data-grade=good]')).toBeVisible();
  await expect(b.locator('[data-grade=good]')).toBeVisible();
  await Promise.all([a.keyboard.press('3'), b.keyboard.press('3')]);
  await movedOn(a.locator('article.card'), card);
  await movedOn(b.locator('article.card'), card);
  expect(await logsOf(a, card)).toBe(1);
  expect(await readStore(a, 'reviewLogs')).toHaveLength(1);
});

test('the deck list in another tab updates its counts after an answer', async ({ context }) => {
  const list = await context.newPage();
  await list.goto('/');
  const first = list.locator('a.deck').first();
  await first.waitFor();
  const deckId = (await first.getAttribute('data-deck'))!;
  const count = async (kind: string) => Number(await list.locator(`a.deck[data-deck="${deckId}"] [data-count=${kind}]`).textContent());
  const [newBefore, learningBefore] = [await count('new'), await count('learning')];

  const study = await context.newPage();
  await study.goto(`/study/${deckId}`);
  await study.locator('article.card').waitFor();
  await study.keyboard.press('Space');
  await study.keyboard.press('3');
  await expect.poll(() => readStore(study, 'reviewLogs').then((l) => l.length)).toBe(1);

  await expect.poll(() => count('new')).toBe(newBefore - 1);
  await expect.poll(() => count('learning')).toBe(learningBefore + 1);
});

test('an upgrade blocked by another tab says so, then continues by itself', async ({ context }) => {
  // The other tab: a database created by the previous schema (Dexie version 2, as shipped),
  // held open by a connection that ignores `versionchange`, as an old build that never lets go.
  const old = await blankTab(context);
  await old.addScriptTag({ path: createRequire(import.meta.url).resolve('dexie/dist/dexie.js') });
  await old.evaluate(async (name) => {
    const Dexie = (window as unknown as { Dexie: typeof import('dexie').default }).Dexie;
    const v2 = new Dexie(name);
    v2.version(1).stores({
      decks: 'id, position',
      cards: 'id, deckId, [deckId+queue+due], [deckId+queue+ord], [queue+due], *tags',
      reviewLogs: 'id, [cardId+review], [deckId+review], review',
      settings: 'key'
    });
    v2.version(2).stores({ media: 'id, deckId' });
    await v2.open();
    v2.close();
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => {
        (window as unknown as { held: IDBDatabase }).held = open.result;
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
  }, DB);

  // This build must upgrade (to its newest version): it names the cause instead of "Loading decks…".
  const app = await context.newPage();
  await app.goto('/');
  const message = app.getByRole('alert').filter({ hasText: 'An older version of Interview Flashcards is open in another tab or window' });
  await expect(message).toBeVisible();
  await expect(message).toContainText('Close it');
  await expect(app.getByText('Loading decks…')).toBeHidden();
  expect(await axeViolations(app)).toEqual([]);
  await app.screenshot({ path: test.info().outputPath('blocked-upgrade.png') });

  // Closing the old tab releases the database: the upgrade runs and the app carries on.
  await old.close();
  await expect(app.locator('a.deck').first()).toBeVisible();
  await expect(message).toBeHidden();
  expect(await app.evaluate((name) => indexedDB.databases().then((list) => list.find((d) => d.name === name)?.version), DB)).toBe(NATIVE_SCHEMA_VERSION);
});

test('a tab of this version lets go when a newer version opens the database, and says so', async ({ context }) => {
  const tab = await context.newPage();
  await openFirstDeck(tab);
  await tab.keyboard.press('Space');
  await expect(tab.locator('[data-grade=good]')).toBeVisible();

  // A newer build (schema version above this one's) opens the database in another tab.
  const newer = await blankTab(context);
  const opened = await newer.evaluate(
    (name) =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open(name, 1000);
        open.onblocked = () => resolve('blocked');
        open.onerror = () => resolve(`error: ${open.error?.message}`);
        open.onsuccess = () => {
          open.result.close();
          resolve('opened');
        };
      }),
    DB
  );
  expect(opened).toBe('opened');

  const notice = tab.getByRole('alert').filter({ hasText: 'A newer version of Interview Flashcards was opened in another tab or window' });
  await expect(notice).toBeVisible();
  expect(await axeViolations(tab)).toEqual([]);
  await tab.screenshot({ path: test.info().outputPath('superseded.png') });
  // This tab writes nothing more: a grade key on the hidden card changes nothing.
  await tab.keyboard.press('3');
  expect(await readStore(newer, 'reviewLogs')).toHaveLength(0);
  await expect(notice.getByRole('button', { name: 'Reload' })).toBeVisible();
});
