// Devices for the sync e2e tests: turn sync on, sync now and wait, and the check every sync test
// ends with: every review exactly once on each device and on the server, and every answered
// card's schedule equal to a replay of its merged log (the engine's own rule, docs/ARCHITECTURE.md).
import type { BrowserContext, Page } from '@playwright/test';
import type { SyncServer } from '../../sync-server/harness';
import type { CardRow, DeckRow, ReviewLogRow, SettingRow } from '../../../src/lib/db/schema';
import { createScheduler, pickSchedule } from '../../../src/lib/srs/scheduler';
import { settingsForDeck, STUDY_SETTINGS_KEY, studySettingsFrom } from '../../../src/lib/srs/settings';
import { replayLog } from '../../../src/lib/sync/engine/replay';
import { readStore, waitForServiceWorker } from '../helpers';
import { alice, expect } from './sync-server';

/** A device's first visit: the deck list, with the service worker in control (so it can go offline). */
export async function newDevice(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  await waitForServiceWorker(page);
  return page;
}

/** Fills Settings → Sync for alice's database and signs in ("Turn sync on", or "Sign in again" once on). */
export async function signIn(page: Page, server: SyncServer, { passphrase = '' } = {}) {
  await page.goto('/settings/sync');
  await page.getByLabel('Server URL').fill(server.url);
  await page.getByLabel('Database').fill('alice');
  await page.getByLabel('User name').fill('alice');
  await page.getByLabel('Password', { exact: true }).fill(alice.password);
  await page.getByLabel(/Encryption passphrase/).fill(passphrase);
  await page.getByRole('button', { name: /Turn sync on|Sign in again/ }).click();
  await expect(page.getByTestId('sync-result')).toContainText('Sync is on.');
}

/** Turns sync on and waits for the first sync to finish. */
export async function turnOnSync(page: Page, server: SyncServer, options: { passphrase?: string } = {}) {
  const before = await lastSync(page);
  await signIn(page, server, options);
  await waitForSync(page, before);
}

export const lastSync = (page: Page) => page.evaluate(() => localStorage.getItem('flashcards-sync-last'));

/** Waits until a sync finished after `before` (the last-sync time read earlier), failing with the app's own message. */
export async function waitForSync(page: Page, before: string | null, timeout = 90_000) {
  await expect
    .poll(
      async () => {
        const error = await page
          .getByTestId('sync-error')
          .textContent({ timeout: 100 })
          .catch(() => null);
        if (error) throw new Error(`sync failed: ${error}`);
        const now = await lastSync(page);
        return now !== null && now !== before && (await page.getByTestId('sync-phase').textContent()) === 'On';
      },
      { timeout }
    )
    .toBe(true);
}

/** "Sync now" on Settings → Sync, and waits for that sync. */
export async function syncNow(page: Page) {
  await page.goto('/settings/sync');
  const before = await lastSync(page);
  await page.getByTestId('sync-now').click();
  await waitForSync(page, before);
}

/** The ids of the live (not deleted) documents in alice's database on the server, read as the admin over HTTP. */
export async function serverDocs(server: SyncServer): Promise<{ id: string; doc: Record<string, unknown> }[]> {
  const response = await server.adminFetch('alice/_all_docs?include_docs=true');
  expect(response.ok).toBe(true);
  const { rows } = (await response.json()) as { rows: { id: string; doc: Record<string, unknown> }[] };
  return rows.filter((r) => !r.id.startsWith('_design/'));
}

/**
 * Every device holds exactly the review logs `expected` (ids; a duplicate or a loss fails), so
 * does the server (unless encrypted: its ids are opaque there), and every card with answers has
 * the schedule a replay of its merged log gives, the same on every device.
 */
export async function expectConverged(pages: Page[], server: SyncServer, expected: string[], { encrypted = false } = {}) {
  const want = [...expected].sort();
  expect(new Set(want).size, 'expected log ids are distinct').toBe(want.length);
  const schedules: Map<string, unknown>[] = [];
  for (const [i, page] of pages.entries()) {
    const logs = await readStore<ReviewLogRow>(page, 'reviewLogs');
    expect(logs.map((l) => l.id).sort(), `device ${i + 1}: every review exactly once`).toEqual(want);
    const cards = await readStore<CardRow>(page, 'cards');
    const decks = new Map((await readStore<DeckRow>(page, 'decks')).map((d) => [d.id, d]));
    const settings = studySettingsFrom((await readStore<SettingRow>(page, 'settings')).find((s) => s.key === STUDY_SETTINGS_KEY));
    const byCard = new Map<string, ReviewLogRow[]>();
    for (const log of logs) byCard.set(log.cardId, [...(byCard.get(log.cardId) ?? []), log]);
    const mine = new Map<string, unknown>();
    for (const card of cards) {
      const cardLogs = byCard.get(card.id);
      if (!cardLogs) continue;
      const replayed = replayLog(createScheduler(settingsForDeck(settings, decks.get(card.deckId))), cardLogs);
      if (!replayed) continue; // manual actions only
      expect(pickSchedule(card), `device ${i + 1}: card ${card.id} is the replay of its log`).toEqual(replayed);
      mine.set(card.id, replayed);
    }
    schedules.push(mine);
  }
  for (const other of schedules.slice(1)) expect(other).toEqual(schedules[0]);
  if (!encrypted) {
    const onServer = (await serverDocs(server)).filter((r) => r.id.startsWith('log:')).map((r) => r.id.slice('log:'.length));
    expect(onServer.sort(), 'the server: every review exactly once').toEqual(want);
  }
}

/** Log ids of a device, to say what must survive a sync. */
export const logIdsOf = async (page: Page) => (await readStore<ReviewLogRow>(page, 'reviewLogs')).map((l) => l.id);
