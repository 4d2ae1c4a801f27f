// The Content-Security-Policy (csp.config.js) is strict and the app never trips it: every route is
// used the way a user does (study with highlighted code, the card editor's preview, import of a
// CSV and of an Anki package through the sql.js wasm worker, the optimizer worker, backup, the
// service worker), and any violation, in the page or a worker, fails the test.
import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { headerPolicyOf, metaPolicyOf } from '../../scripts/csp-header';
import { waitForServiceWorker, movedOn } from './helpers';
import { seedSimulatedHistory } from './support/seed-history';
import { startSyncServer } from '../sync-server/harness';

interface Violation {
  directive: string;
  blocked: string;
  source: string;
  sample: string;
}

interface CspWatch {
  /**
   * Hostile inline CSS the policy must refuse (an imported card's <style>, refused while the
   * sanitizer parses it): its reports are expected, and required; any other report fails.
   */
  expectRefused(css: string): void;
  /** A console report the test provokes on purpose (matched by `pattern`); required too. */
  expectReport(pattern: RegExp): void;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

interface Seen {
  text: string;
  sample?: string;
}

const test = base.extend<{ csp: CspWatch }>({
  csp: [
    async ({ page }, use) => {
      const seen: Seen[] = [];
      const expected: { name: string; matches: (v: Seen) => boolean }[] = [];
      await page.exposeBinding('__cspViolation', (_source, v: Violation) => {
        seen.push({ text: `${v.directive} blocked ${v.blocked || '(inline)'} at ${v.source} ${v.sample}`.trim(), sample: v.sample });
      });
      // Runs before any script of every document the page loads, so the theme script and
      // SvelteKit's bootstrap are covered too.
      await page.addInitScript(() => {
        document.addEventListener(
          'securitypolicyviolation',
          (e) => {
            const report = (window as unknown as { __cspViolation: (v: Violation) => void }).__cspViolation;
            report({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}`, sample: e.sample });
          },
          true
        );
      });
      // Chromium also logs every violation, in workers too (where no page listener can hear it).
      const fromConsole = (where: string) => (message: ConsoleMessage) => {
        if (/Content.Security.Policy/i.test(message.text())) seen.push({ text: `${where} console: ${message.text()}` });
      };
      page.on('console', fromConsole('page'));
      page.on('worker', (worker) => worker.on('console', fromConsole(`worker ${worker.url()}`)));
      page.context().on('serviceworker', (worker) => worker.on('console', fromConsole(`service worker ${worker.url()}`)));
      await use({
        // Chromium names refused inline content by its start in the event, by its hash in the console.
        expectRefused: (css) =>
          expected.push({ name: `refused ${css}`, matches: (v) => v.sample === css.slice(0, 40) || v.text.includes(`'sha256-${sha256(css)}'`) }),
        expectReport: (pattern) => expected.push({ name: `report ${pattern}`, matches: (v) => pattern.test(v.text) })
      });
      const unexpected = seen.filter((v) => !expected.some((e) => e.matches(v)));
      expect(
        unexpected.map((v) => v.text),
        'Content-Security-Policy violations'
      ).toEqual([]);
      for (const e of expected) expect(seen.some(e.matches), e.name).toBe(true);
    },
    { auto: true }
  ]
});

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

/** The served index.html's policy, as directive name to its sources. */
function policyOf(html: string): Map<string, string[]> {
  return new Map(
    metaPolicyOf(html)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources])
  );
}

async function studyOneCard(page: Page, expectInCard?: RegExp) {
  const card = page.locator('article.card');
  await card.waitFor();
  const id = await card.getAttribute('data-card-id');
  await page.getByRole('button', { name: 'Show answer' }).click();
  if (expectInCard) await expect(card).toContainText(expectInCard);
  await page.locator('[data-grade=good]').click();
  await movedOn(card, id!);
}

test('the built index.html carries a strict policy before any script, and every inline script is hashed', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const policy = policyOf(html);
  const scriptSrc = policy.get('script-src')!;
  expect(scriptSrc).toContain("'self'");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(scriptSrc).not.toContain("'strict-dynamic'");
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'self'"]);
  expect(policy.get('form-action')).toEqual(["'self'"]);
  // Sync talks to a server the user types in (README "Content-Security-Policy"): any https origin,
  // plain http on this computer only.
  expect(policy.get('connect-src')).toEqual(["'self'", 'https:', 'http://localhost:*', 'http://127.0.0.1:*']);
  expect(policy.get('worker-src')).toEqual(["'self'"]);
  // Nothing anywhere may run code from a string or name another site's scripts, or connections
  // other than sync's local servers.
  for (const [name, sources] of policy) {
    expect(sources, name).not.toContain("'unsafe-eval'");
    if (name !== 'style-src-attr') expect(sources, name).not.toContain("'unsafe-inline'");
    const allowed = name === 'connect-src' ? ['http://localhost:*', 'http://127.0.0.1:*'] : [];
    expect(
      sources.filter((s) => (s === '*' || /^https?:\/\//.test(s)) && !allowed.includes(s)),
      name
    ).toEqual([]);
  }

  // A meta policy only governs what comes after it: it must precede every script.
  const metaAt = html.search(/<meta http-equiv="content-security-policy"/i);
  const firstScript = html.search(/<script\b/i);
  expect(metaAt).toBeGreaterThan(-1);
  expect(metaAt).toBeLessThan(firstScript);

  // Each inline script is allowed by its own hash (so a changed script cannot run unnoticed).
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attrs]) => !/\bsrc=/.test(attrs));
  expect(inline.length).toBeGreaterThanOrEqual(2); // the theme script and SvelteKit's bootstrap
  for (const [, , body] of inline) {
    expect(scriptSrc).toContain(`'sha256-${sha256(body)}'`);
  }
});

test('deck list, card editor with live preview, study of a code card, browse and deck options', async ({ page }) => {
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  // The service worker still registers and takes control under the policy.
  await waitForServiceWorker(page);

  // A new deck with one card that has a code block, written in the card editor.
  await page.goto('/decks/new');
  await page.getByLabel('Name').fill('CSP code');
  await page.getByRole('button', { name: 'Create deck' }).click();
  await expect(page).toHaveURL(/\/decks\/user-csp-code-/);
  const deckId = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('link', { name: 'Add a card' }).click();
  await page.getByLabel('Front (question, Markdown)').fill('What does this print?\n\n```python\nprint("csp" * 2)\n```');
  await page.getByLabel('Back (answer, Markdown)').fill('`cspcsp`\n\n```bash\necho done | wc -l\n```');
  await page.getByRole('tab', { name: 'Preview' }).click();
  // The live preview renders the Markdown and highlight.js colours it.
  await expect(page.getByLabel('Preview').locator('code.hljs.language-python .hljs-built_in')).toHaveText('print');
  await page.getByRole('tab', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).not.toHaveURL(/\/cards\/new/);

  // Study it: the code on both sides is highlighted; grading writes the answer.
  await page.goto(`/study/${deckId}`);
  const card = page.locator('article.card');
  await expect(card.locator('code.hljs.language-python')).toBeVisible();
  await page.getByRole('button', { name: 'Show answer' }).click();
  await expect(card.locator('.back code.hljs.language-bash')).toBeVisible();
  await page.locator('[data-grade=good]').click();
  await expect(page.locator('[data-grade=good]')).toHaveCount(0);

  // A built-in card, studied from the deck list.
  await page.goto('/');
  await page.locator('a.deck').first().click();
  await studyOneCard(page);

  // Browse, open a card in the editor, preview an edit.
  await page.goto('/browse');
  await page.getByRole('searchbox').fill('What does this print');
  await page.locator('a[data-card-id]', { hasText: 'What does this print?' }).click();
  await expect(page).toHaveURL(/\/cards\//);
  await page.getByLabel('Back (answer, Markdown)').fill('`cspcsp`, twice\n\n```sql\nSELECT 1;\n```');
  await page.getByRole('tab', { name: 'Preview' }).click();
  await expect(page.getByLabel('Preview').locator('code.hljs.language-sql')).toBeVisible();

  // Deck options of a built-in deck.
  await page.goto('/decks/networking');
  await page.getByLabel('New cards per day').fill('7');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
});

test('import a CSV and an Anki package (sql.js wasm in the import worker), study the imported images', async ({ page, csp }) => {
  // The package's hostile note has a <style> that hides the page: the policy refuses it while
  // the sanitizer parses the note (the sanitizer then removes it), and nothing else is refused.
  csp.expectRefused('body{display:none}');
  await page.goto('/import');
  await page.getByTestId('import-file').setInputFiles(fixture('basic.csv'));
  await expect(page.getByTestId('import-preview').getByTestId('card-count')).toHaveText('5 cards');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText('5 new cards.');
  await page.getByRole('link', { name: 'Study now' }).click();
  await studyOneCard(page, /Paris/);

  await page.goto('/import');
  await page.getByTestId('import-file').setInputFiles(fixture('sample.apkg'));
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('card-count')).toHaveText('8 cards');
  // Imported media are shown as blob: URLs (img-src blob:).
  const firstImage = preview.getByTestId('sample-card').first().locator('img');
  await expect(firstImage).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => firstImage.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText('8 new cards, 2 reviews of history, 3 images and sounds.');
  await page.getByRole('link', { name: 'Study now' }).click();
  const card = page.locator('article.card');
  await expect(card).toContainText('What does TCP stand for?');
  await page.getByRole('button', { name: 'Show answer' }).click();
  await expect.poll(() => card.locator('.back img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
  await page.locator('[data-grade=good]').click();
  await expect(card).toContainText('der Hund');
});

test('backup export, stats, settings, practice and the optimizer worker', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.locator('a.deck').first().waitFor();
  const deckId = (await page.locator('a.deck').first().getAttribute('data-deck'))!;
  await seedSimulatedHistory(page, 120, 200);

  await page.goto('/backup');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download backup' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  await expect(page.getByTestId('backup-done')).toBeVisible();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV (Anki)' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/\.(csv|txt)$/);

  await page.goto('/stats');
  await expect(page.getByTestId('total-reviews')).not.toHaveText('0');
  await expect(page.getByRole('img', { name: 'Reviews per study day over the last year' })).toBeVisible();

  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  await page.goto(`/practice?deck=${deckId}`);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByText('Question 1 of')).toBeVisible();
  await page.keyboard.press('Space');
  await page.keyboard.press('3');
  await expect(page.getByText('Question 2 of')).toBeVisible();

  await page.goto('/settings/optimize');
  await expect(page.getByTestId('not-enough')).toHaveCount(0);
  await page.getByRole('button', { name: 'Compute my parameters' }).click();
  await expect(page.getByTestId('result')).toBeVisible({ timeout: 60_000 });
});

test('Settings → Sync reaches a sync server on this computer, and refuses a plain-http one elsewhere before the policy must', async ({ page, baseURL }) => {
  const server = await startSyncServer({ corsOrigins: [new URL(baseURL!).origin], inMemory: true });
  try {
    await server.createUserWithDatabase({ name: 'alice', password: 'alice-password' }, 'alice');
    await page.goto('/settings/sync');
    const test = async (url: string) => {
      await page.getByLabel('Server URL').fill(url);
      await page.getByLabel('Database').fill('alice');
      await page.getByLabel('User name').fill('alice');
      await page.getByLabel('Password', { exact: true }).fill('alice-password');
      await page.getByRole('button', { name: 'Test connection' }).click();
      return page.getByTestId('sync-result');
    };
    // Another origin than the app's: connect-src must allow it (and PouchDB's chunk loads under script-src).
    await expect(await test(server.url)).toContainText('Connected to PouchDB Server');
    await expect(await test('http://192.168.1.20:5984/')).toContainText('Use https:// for a server on another computer');
  } finally {
    await server.dispose();
  }
});

test('sent as an HTTP header on every response, the policy also holds in the workers and the service worker', async ({ page, csp }) => {
  // A host that sends the header (README): every response carries it, so the import worker
  // compiles sql.js' wasm and the service worker runs under the policy, not only the page.
  const buildDir = process.env.E2E_BUILD_DIR ?? 'build';
  const policy = headerPolicyOf(readFileSync(join(buildDir, 'index.html'), 'utf8'));
  const files = sirv(buildDir, { single: true, dev: true });
  let origin = '';
  const server = createServer((req, res) => {
    // Another site (reached as localhost, another origin) that tries to frame the app.
    if (req.url === '/framing-test') return res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe src="${origin}/"></iframe>`);
    res.setHeader('content-security-policy', policy);
    files(req, res, () => {
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await page.goto(`${origin}/`);
    await page.locator('a.deck').first().waitFor();
    await waitForServiceWorker(page);
    // The service worker's script arrives under the policy too, and still installs (its
    // importScripts of share-target.js is allowed) and takes control.
    const worker = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);
    expect((await page.request.get(worker!)).headers()['content-security-policy']).toBe(policy);

    csp.expectRefused('body{display:none}');
    await page.goto(`${origin}/import`);
    await page.getByTestId('import-file').setInputFiles(fixture('sample.apkg'));
    await expect(page.getByTestId('import-preview').getByTestId('card-count')).toHaveText('8 cards');
    await page.getByTestId('import-confirm').click();
    await expect(page.getByTestId('import-done')).toContainText('8 new cards, 2 reviews of history, 3 images and sounds.');

    // frame-ancestors (header only): another site cannot frame the app.
    // (Chromium replaces a refused frame with its error page.)
    csp.expectReport(/Framing '[^']+' violates the following Content Security Policy directive: "frame-ancestors 'none'"/);
    await page.goto(`${origin.replace('127.0.0.1', 'localhost')}/framing-test`);
    await expect.poll(() => page.frames().map((f) => f.url())).toContain('chrome-error://chromewebdata/');
    await expect(page.frameLocator('iframe').locator('a.deck')).toHaveCount(0);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
