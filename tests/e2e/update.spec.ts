import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { NEXT_ADDED_SUFFIX, NEXT_EDIT_MARK } from '../../scripts/next-decks-marks';
import { NATIVE_SCHEMA_VERSION } from '../../src/lib/db/identity';
import { readStore, waitForServiceWorker, movedOn } from './helpers';
import { startSwitchableServer } from './support/switchable-server';

// `npm test` builds the app twice from the same package.json version: build/ (this version) and
// build-next/ (`npm run build:next`: its first built-in deck has one card edited, one removed and
// one added, and its database has one more schema version). Each build has its own build id.
const current = process.env.E2E_BUILD_DIR ?? 'build';
const next = process.env.E2E_NEXT_BUILD_DIR ?? 'build-next';
test.skip(!existsSync(`${next}/index.html`), 'run `npm run build:next` first');

interface Card {
  id: string;
  deckId: string;
  back: string;
  due: number;
  stability: number;
  reps: number;
  state: number;
  queue: number;
  retired: boolean;
  rendered?: { back: string };
}
interface ReviewLog {
  id: string;
  cardId: string;
  rating: number;
}

const buildId = (dir: string): string => JSON.parse(readFileSync(`${dir}/_app/version.json`, 'utf8')).version;
/** The hashed entry script an index.html starts: it says which build's index.html a page came from. */
const entryOf = (html: string): string => html.match(/_app\/immutable\/entry\/app\.[\w-]+\.js/)![0];
const packageVersion: string = JSON.parse(readFileSync('package.json', 'utf8')).version;
/** IndexedDB stores Dexie's version n as n × 10; the next build adds one version (cards by updatedAt). */
const NEXT_NATIVE_VERSION = NATIVE_SCHEMA_VERSION + 10;

test.beforeAll(() => {
  // The two builds' index.html must differ, or nothing below means anything.
  expect(entryOf(readFileSync(`${next}/index.html`, 'utf8'))).not.toBe(entryOf(readFileSync(`${current}/index.html`, 'utf8')));
});

/** Opens the first deck on the current build and answers its first two cards with Good. */
async function studyOnCurrentBuild(page: Page, origin: string) {
  await page.goto(`${origin}/`);
  const deckId = (await page.locator('a.deck').first().getAttribute('data-deck'))!;
  await page.locator('a.deck').first().click();
  await page.locator('article.card').waitFor();
  // The next version edits the first card and removes the second.
  const answered: string[] = [];
  for (let i = 0; i < 2; i++) {
    const id = (await page.locator('article.card').getAttribute('data-card-id'))!;
    await page.keyboard.press('Space');
    await page.keyboard.press('3');
    await movedOn(page.locator('article.card'), id);
    answered.push(id);
  }
  await waitForServiceWorker(page);
  const cards = new Map((await readStore<Card>(page, 'cards')).map((c) => [c.id, c]));
  const logs = await readStore<ReviewLog>(page, 'reviewLogs');
  expect(logs).toHaveLength(2);
  return { deckId, answered, studyUrl: page.url(), cards, logs };
}

/** Deploys the next build; the page finds it and the new worker installs and waits, offered by the prompt. */
async function deployNext(page: Page, server: { deploy(name: string): void }) {
  server.deploy('next');
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  await expect(page.getByTestId('update-prompt')).toBeVisible();
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state === 'installed');
}

/** Accepts the update and waits for the page that replaces this one (the URL stays the same). */
async function reloadIntoUpdate(page: Page, url: string) {
  await page.evaluate(() => ((window as { beforeUpdate?: boolean }).beforeUpdate = true));
  await page.getByRole('button', { name: 'Reload' }).click();
  await page.waitForFunction(() => !(window as { beforeUpdate?: boolean }).beforeUpdate);
  expect(page.url()).toBe(url);
}

/** The page runs the next build: its index.html, its code, its database schema. */
async function expectNextBuild(page: Page) {
  expect(entryOf(await page.content())).toBe(entryOf(readFileSync(`${next}/index.html`, 'utf8')));
  const database = await page.evaluate(
    () =>
      new Promise<{ version: number; cardIndexes: string[] }>((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          resolve({ version: db.version, cardIndexes: [...db.transaction('cards').objectStore('cards').indexNames] });
          db.close();
        };
      })
  );
  expect(database.version).toBe(NEXT_NATIVE_VERSION);
  expect(database.cardIndexes).toContain('updatedAt');
}

/** Every answer and every card from before the update is still there. */
async function expectNothingLost(page: Page, before: { cards: Map<string, Card>; logs: ReviewLog[] }) {
  const logs = await readStore<ReviewLog>(page, 'reviewLogs');
  expect(logs.slice(0, before.logs.length)).toEqual(before.logs);
  const ids = new Set((await readStore<Card>(page, 'cards')).map((c) => c.id));
  expect([...before.cards.keys()].filter((id) => !ids.has(id))).toEqual([]);
}

/** Settings shows the next build's id (each build has its own) beside the package version. */
async function expectBuildIdInSettings(page: Page, origin: string) {
  expect(buildId(next)).not.toBe(buildId(current));
  await page.goto(`${origin}/settings`);
  await expect(page.getByTestId('app-build')).toHaveText(buildId(next));
  await expect(page.getByTestId('app-version')).toHaveText(packageVersion);
}

test('a new version is offered, applied only when accepted, merges its decks and keeps every answer', async ({ page }) => {
  const server = await startSwitchableServer({ current, next }, 'current');
  try {
    const before = await studyOnCurrentBuild(page, server.url);

    // Deploy the next version; the app notices it but does not switch by itself.
    await deployNext(page, server);
    // Mid-card, nothing changed: the same question is still on screen, answer side not forced.
    const onScreen = (await page.locator('article.card').getAttribute('data-card-id'))!;
    await page.keyboard.press('Space');
    await expect(page.locator('[data-grade=good]')).toBeVisible();

    await reloadIntoUpdate(page, before.studyUrl);
    // After the reload the user is where they were: same card, answer still shown.
    await expect(page.locator('article.card')).toHaveAttribute('data-card-id', onScreen);
    await expect(page.locator('[data-grade=good]')).toBeVisible();
    await expect(page.getByTestId('update-prompt')).toBeHidden();
    await expectNextBuild(page);

    // The new version's decks were merged (in the background, right after start): history and
    // schedules untouched.
    await expect.poll(async () => (await readStore<Card>(page, 'cards')).length).toBe(before.cards.size + 1);
    expect(await readStore(page, 'reviewLogs')).toEqual(before.logs);
    await expectNothingLost(page, before);
    const after = new Map((await readStore<Card>(page, 'cards')).map((c) => [c.id, c]));
    const [edited, removed] = before.answered;
    const { deckId } = before;
    const keep = (c: Card) => ({ due: c.due, stability: c.stability, reps: c.reps, state: c.state });
    expect(after.get(edited)!.back).toBe(before.cards.get(edited)!.back + NEXT_EDIT_MARK);
    // The stored HTML follows the new text.
    expect(after.get(edited)!.rendered?.back).toContain(NEXT_EDIT_MARK.trim());
    expect(after.get(deckId + NEXT_ADDED_SUFFIX)!.rendered?.back).toBe('<p>Yes.</p>\n');
    expect(keep(after.get(edited)!)).toEqual(keep(before.cards.get(edited)!));
    expect(after.get(removed)).toMatchObject({ retired: true, queue: -3, ...keep(before.cards.get(removed)!) });
    expect(after.get(deckId + NEXT_ADDED_SUFFIX)).toMatchObject({ deckId, state: 0, queue: 0, reps: 0 });

    await expectBuildIdInSettings(page, server.url);
  } finally {
    await server.close();
  }
});

test('Reload on the update prompt lands on the new version with the network off, and study goes on', async ({ page, context }) => {
  const server = await startSwitchableServer({ current, next }, 'current');
  try {
    const before = await studyOnCurrentBuild(page, server.url);
    await deployNext(page, server);

    await context.setOffline(true);
    await reloadIntoUpdate(page, before.studyUrl);
    await expect(page.locator('article.card')).toBeVisible();
    await expectNextBuild(page);
    await expectNothingLost(page, before);

    // The new version studies offline: the answer is written.
    const id = (await page.locator('article.card').getAttribute('data-card-id'))!;
    await page.getByRole('button', { name: 'Show answer' }).click();
    await page.locator('[data-grade=easy]').click();
    await movedOn(page.locator('article.card'), id);
    const logs = await readStore<ReviewLog>(page, 'reviewLogs');
    expect(logs.map((l) => [l.cardId, l.rating])).toEqual([...before.logs.map((l) => [l.cardId, l.rating]), [id, 4]]);

    await expectBuildIdInSettings(page, server.url);
  } finally {
    await server.close();
  }
});

test('the update lands when the old version is gone from the server and from the HTTP cache', async ({ page, context }) => {
  const server = await startSwitchableServer({ current, next }, 'current');
  try {
    const before = await studyOnCurrentBuild(page, server.url);
    // The host serves only the new build; the browser's HTTP cache no longer has the old chunks.
    await deployNext(page, server);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');

    await reloadIntoUpdate(page, before.studyUrl);
    await expect(page.locator('article.card')).toBeVisible();
    await expectNextBuild(page);
    await expectNothingLost(page, before);
    await expectBuildIdInSettings(page, server.url);
  } finally {
    await server.close();
  }
});
