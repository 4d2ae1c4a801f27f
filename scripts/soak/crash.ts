/**
 * `npm run soak [-- --restarts 200 --seed 7 --no-build --write-docs]`
 *
 * Crash soak: studies the built app in Debian's Chromium with a persistent profile on disk and
 * SIGKILLs the whole browser (every process of it) at a random moment, over and over. After each
 * restart it reads the review log with plain IndexedDB and counts, against the answers the app had
 * confirmed (the next card was on screen and not aria-busy, which it is until the answer's
 * transaction committed): answers that survived, answers lost, answers written twice, and databases that came
 * back reset, with whether the app noticed the reset and could restore its newest automatic backup.
 * Writes soak-results/crash.json and prints a table; `--write-docs` puts it in README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { seededRandom } from '../../src/lib/random';
import { ensureBuild, freePort, snapshotBuild, startServer } from '../bench/server';
import { readCollectionIn, type CollectionState } from './collection';
import { emptyTotals, renderReport, type SoakTotals } from './report';

const root = join(import.meta.dirname, '..', '..');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--no-default-browser-check'
];

interface Args {
  restarts: number;
  seed: number;
  build: boolean;
  writeDocs: boolean;
  /** The longest a browser lives after its first card is on screen before it is killed. */
  maxLifeMs: number;
  /** Every this many starts, the soak presses "Back up now" before studying. */
  backupEvery: number;
  /** Checks the soak itself: deletes the profile's IndexedDB folder before this start (-1: never). */
  injectResetAt: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { restarts: 200, seed: 7, build: true, writeDocs: false, maxLifeMs: 4000, backupEvery: 20, injectResetAt: -1 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--restarts') args.restarts = Number(value());
    else if (flag === '--seed') args.seed = Number(value());
    else if (flag === '--max-life-ms') args.maxLifeMs = Number(value());
    else if (flag === '--backup-every') args.backupEvery = Number(value());
    else if (flag === '--inject-reset-at') args.injectResetAt = Number(value());
    else if (flag === '--no-build') args.build = false;
    else if (flag === '--write-docs') args.writeDocs = true;
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(args.restarts) || args.restarts < 1) throw new Error('--restarts must be a positive integer');
  return args;
}

/** Chromium as its own process group, so one signal kills the browser and all its children. */
async function launchBrowser(profile: string): Promise<{ browser: Browser; process: ChildProcess }> {
  const executable = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : chromium.executablePath();
  const child = spawn(executable, [...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe']
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${stderr.slice(-500)}`)), 30_000);
    child.stderr!.on('data', (chunk) => {
      stderr += String(chunk);
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${stderr.slice(-500)}`)));
  });
  child.stderr!.resume();
  const browser = await chromium.connectOverCDP(endpoint);
  return { browser, process: child };
}

function killBrowser(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      resolve();
    }
  });
}

/** Answers cards until the browser dies; returns the card ids of the answers the app confirmed. */
async function study(page: Page, random: () => number, confirmed: string[], attempted: { count: number }): Promise<void> {
  const card = page.locator('article.card');
  for (;;) {
    const id = await card.getAttribute('data-card-id', { timeout: 10_000 });
    if (!id) return;
    await page.keyboard.press('Space');
    await page.locator('[data-grade=good]').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(Math.floor(random() * 400));
    const rating = random() < 0.2 ? '1' : '3';
    attempted.count++;
    await page.keyboard.press(rating);
    // Confirmed: the app moved on and the card it moved to is not aria-busy. The next card can be
    // painted as the grade is given; it is busy until the answer's transaction committed.
    await page.waitForFunction(
      (previous) => {
        const card = document.querySelector('article.card');
        const shown = card?.getAttribute('data-card-id');
        return (shown !== previous && card?.getAttribute('aria-busy') !== 'true') || document.querySelector('section.done') !== null;
      },
      id,
      { timeout: 10_000 }
    );
    confirmed.push(id);
  }
}

/** Reads the review log with plain IndexedDB; null when the database does not exist. */
function readCollection(page: Page): Promise<CollectionState | null> {
  return page.evaluate(readCollectionIn);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.build) ensureBuild(root, (line) => console.log(line));
  const buildDir = join(tmpdir(), `soak-build-${process.pid}`);
  snapshotBuild(join(root, 'build'), buildDir);
  const server = await startServer(root, buildDir, await freePort());
  const profile = mkdtempSync(join(tmpdir(), 'soak-profile-'));
  const random = seededRandom(args.seed);
  const deckIds: string[] = JSON.parse(readFileSync(join(buildDir, 'decks', 'manifest.json'), 'utf8')).decks.map((d: { id: string }) => d.id);
  const started = Date.now();
  const totals = emptyTotals();
  // Every answer the app confirmed, by card, since the start (or since the last restore).
  let confirmedByCard = new Map<string, number>();
  let knownLogs = 0;
  try {
    for (let i = 0; i <= args.restarts; i++) {
      // A database lost while the browser was down, as a crash or a full disk can leave it.
      if (i === args.injectResetAt) rmSync(join(profile, 'Default', 'IndexedDB'), { recursive: true, force: true });
      const { browser, process: child } = await launchBrowser(profile);
      const page = browser.contexts()[0].pages()[0] ?? (await browser.contexts()[0].newPage());
      let logs: CollectionState['logs'];
      try {
        await page.goto(`${server.url}/`, { timeout: 30_000 });
        await page.locator('a.deck, [data-testid=database-reset-notice]').first().waitFor({ timeout: 30_000 });
        logs = (await readCollection(page))?.logs ?? [];
      } catch (error) {
        totals.errors.push(`start ${i}: ${(error as Error).message.split('\n')[0]}`);
        await killBrowser(child);
        continue;
      }
      if (logs.length < knownLogs) {
        const outcome = await handleReset(page, logs.length, knownLogs);
        totals.resets++;
        if (outcome.detected) totals.resetsDetected++;
        if (outcome.restored) totals.resetsRestored++;
        totals.resetNotes.push(
          `start ${i}: the database came back with ${logs.length} of ${knownLogs} review logs; ${outcome.detected ? 'the app said so' : 'THE APP DID NOT SAY SO'}; ${outcome.restored ? `restored ${outcome.logs.length} logs from the newest automatic backup` : 'not restored'}`
        );
        // Answers after the backup went with the database: count them apart from crash losses.
        totals.lostToResets += confirmedCount(confirmedByCard) - Math.min(confirmedCount(confirmedByCard), outcome.logs.length);
        logs = outcome.logs;
        confirmedByCard = countByCard(logs);
      }
      tally(logs, confirmedByCard, totals);
      knownLogs = logs.length;
      if (i === args.restarts) {
        await browser.close().catch(() => undefined);
        await killBrowser(child);
        break;
      }
      totals.restarts++;
      // Enough new cards for the whole run (the default 20 a deck would leave later starts idle).
      if (i === 0)
        await raiseNewCardLimit(page, server.url).catch((error) => totals.errors.push(`start ${i}: settings: ${(error as Error).message.split('\n')[0]}`));
      // Now and then an automatic backup, as a user's pauses would trigger (a kill leaves no pause).
      if (i % args.backupEvery === 0)
        await backUpNow(page, server.url).catch((error) => totals.errors.push(`start ${i}: backup: ${(error as Error).message.split('\n')[0]}`));
      const confirmed: string[] = [];
      const attempted = { count: 0 };
      try {
        await page.goto(`${server.url}/study/${deckIds[i % deckIds.length]}`, { timeout: 30_000 });
        await page.locator('article.card, section.done').first().waitFor({ timeout: 30_000 });
        const life = Math.floor(random() * args.maxLifeMs);
        const kill = new Promise<void>((resolve) => setTimeout(() => killBrowser(child).then(resolve), life));
        await Promise.race([study(page, random, confirmed, attempted).catch(() => undefined), kill]);
        await kill;
      } catch (error) {
        totals.errors.push(`start ${i}: ${(error as Error).message.split('\n')[0]}`);
        await killBrowser(child);
      }
      await browser.close().catch(() => undefined);
      for (const id of confirmed) confirmedByCard.set(id, (confirmedByCard.get(id) ?? 0) + 1);
      totals.attempted += attempted.count;
      totals.confirmed += confirmed.length;
      if ((i + 1) % 10 === 0)
        console.log(`${i + 1}/${args.restarts} kills: ${totals.confirmed} answers confirmed, ${totals.lost} lost, ${totals.resets} resets`);
    }
  } finally {
    server.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  }
  totals.survived = totals.confirmed - totals.lost - totals.lostToResets;
  const seconds = Math.round((Date.now() - started) / 1000);
  const heading = `Crash soak ${new Date().toISOString().slice(0, 10)} | ${args.restarts} kills at a random moment up to ${args.maxLifeMs} ms after the first card | seed ${args.seed} | ${seconds} s`;
  const report = renderReport(heading, totals);
  console.log(report);
  mkdirSync(join(root, 'soak-results'), { recursive: true });
  writeFileSync(join(root, 'soak-results', 'crash.json'), JSON.stringify({ heading, args, totals }, null, 2));
  if (args.writeDocs) writeReadme(report);
  if (totals.lost > 0 || totals.doubled > 0 || totals.resets > totals.resetsDetected) process.exitCode = 1;
}

async function raiseNewCardLimit(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/settings`, { timeout: 30_000 });
  await page.getByLabel('New cards per day (per deck)').fill('9999');
  await page.getByRole('button', { name: 'Save study settings' }).click();
  await page.getByRole('status').filter({ hasText: /saved/i }).waitFor({ timeout: 10_000 });
}

async function backUpNow(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/backup`, { timeout: 30_000 });
  await page.getByTestId('backup-now').click({ timeout: 30_000 });
  await page.getByTestId('auto-backup-done').waitFor({ timeout: 60_000 });
}

/** The app must say the database was reset; the soak then restores the newest automatic backup. */
async function handleReset(page: Page, now: number, before: number): Promise<{ detected: boolean; restored: boolean; logs: CollectionState['logs'] }> {
  const notice = page.getByTestId('database-reset-notice');
  const detected = await notice.waitFor({ timeout: 10_000 }).then(
    () => true,
    () => false
  );
  if (!detected) return { detected, restored: false, logs: (await readCollection(page))?.logs ?? [] };
  try {
    await page.getByTestId('database-reset-restore').click();
    await page.getByTestId('database-restored').waitFor({ timeout: 60_000 });
    const logs = (await readCollection(page))?.logs ?? [];
    return { detected, restored: logs.length > now || before === 0, logs };
  } catch {
    return { detected, restored: false, logs: (await readCollection(page))?.logs ?? [] };
  }
}

function countByCard(logs: CollectionState['logs']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const log of logs) counts.set(log.cardId, (counts.get(log.cardId) ?? 0) + 1);
  return counts;
}

function confirmedCount(byCard: Map<string, number>): number {
  let n = 0;
  for (const count of byCard.values()) n += count;
  return n;
}

/**
 * Compares the review log on disk with the confirmed answers: a card with fewer rows than
 * confirmed answers lost some; two rows answering the same prior state of a card are a double.
 * Counts are of the whole log, so each start replaces the previous figures.
 */
function tally(logs: CollectionState['logs'], confirmedByCard: Map<string, number>, totals: SoakTotals): void {
  const written = countByCard(logs);
  let lost = 0;
  for (const [cardId, confirmed] of confirmedByCard) lost += Math.max(0, confirmed - (written.get(cardId) ?? 0));
  let extra = 0;
  for (const [cardId, count] of written) extra += Math.max(0, count - (confirmedByCard.get(cardId) ?? 0));
  const prior = new Map<string, Set<number>>();
  let doubled = 0;
  for (const log of logs) {
    const seen = prior.get(log.cardId) ?? new Set<number>();
    if (seen.has(log.repsBefore)) doubled++;
    seen.add(log.repsBefore);
    prior.set(log.cardId, seen);
  }
  totals.lost = lost;
  totals.doubled = doubled;
  totals.unconfirmedWritten = extra;
}

function writeReadme(report: string): void {
  const path = join(root, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const start = '<!-- soak-results:start -->';
  const end = '<!-- soak-results:end -->';
  if (!readme.includes(start)) throw new Error(`README.md has no ${start} block`);
  const next = readme.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n\n${report}\n\n${end}`);
  writeFileSync(path, next);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
