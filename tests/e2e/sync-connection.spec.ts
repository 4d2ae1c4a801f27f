// Settings → Sync against a real CouchDB-compatible server (pouchdb-server, started and stopped
// by each test on 127.0.0.1): every failure of "Test connection" is caused for real and must
// get its own message; one user can never read another's database; PouchDB is loaded only
// once sync is used.
import AxeBuilder from '@axe-core/playwright';
import type { Page, Response } from '@playwright/test';
import { startSyncServer } from '../sync-server/harness';
import { openFirstDeck } from './helpers';
import { alice, bob, expect, test } from './support/sync-server';

/** A string only PouchDB's HTTP adapter contains: its chunk has been loaded once it is seen. */
const POUCHDB_MARKER = 'PouchDB is just detecting if the remote exists';

async function fill(page: Page, fields: { url: string; database: string; user: string; password: string; passphrase?: string }) {
  await page.getByLabel('Server URL').fill(fields.url);
  await page.getByLabel('Database').fill(fields.database);
  await page.getByLabel('User name').fill(fields.user);
  await page.getByLabel('Password', { exact: true }).fill(fields.password);
  await page.getByLabel(/Encryption passphrase/).fill(fields.passphrase ?? '');
}

async function testConnection(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page.getByTestId('sync-result');
  await result.waitFor();
  return (await result.textContent())!.trim();
}

async function openSyncSettings(page: Page) {
  await page.goto('/settings/sync');
  await page.getByLabel('Server URL').waitFor();
}

test('the right name and password connect; PouchDB is loaded only then', async ({ page, syncServer }) => {
  const scripts: Response[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.js')) scripts.push(r);
  });
  const pouchLoaded = async () => {
    for (const r of scripts) if ((await r.text().catch(() => '')).includes(POUCHDB_MARKER)) return true;
    return false;
  };

  await openFirstDeck(page);
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Sync across devices' }).click();
  await page.getByLabel('Server URL').waitFor();
  expect(scripts.length).toBeGreaterThan(5);
  expect(await pouchLoaded(), 'PouchDB before sync is used').toBe(false);

  await fill(page, { url: syncServer.url, database: 'alice', user: 'alice', password: alice.password });
  const message = await testConnection(page);
  expect(message).toMatch(/^Connected to PouchDB Server 4\.\d+\.\d+ at 127\.0\.0\.1:\d+, signed in with a session cookie\. The database is empty\.$/);
  await expect(page.getByTestId('sync-result')).toHaveAttribute('role', 'status');
  expect(await pouchLoaded(), 'PouchDB once the connection is tested').toBe(true);
});

test('a wrong password is refused by name', async ({ page, syncServer }) => {
  await openSyncSettings(page);
  await fill(page, { url: syncServer.url, database: 'alice', user: 'alice', password: 'not-alice-password' });
  expect(await testConnection(page)).toBe('The server refused this user name and password. Check both (they are case-sensitive).');
  await expect(page.getByTestId('sync-result')).toHaveAttribute('role', 'alert');
  // An unknown user is the same answer (the server does not say which one was wrong).
  await fill(page, { url: syncServer.url, database: 'alice', user: 'mallory', password: 'x' });
  expect(await testConnection(page)).toMatch(/^The server refused this user name and password/);
});

test("another user's database is forbidden, in the app and over plain HTTP", async ({ page, syncServer }) => {
  await openSyncSettings(page);
  await fill(page, { url: syncServer.url, database: 'bob', user: 'alice', password: alice.password });
  expect(await testConnection(page)).toBe('User "alice" may not open database "bob": its security settings do not list this user as a member.');

  // The browser now holds alice's session cookie for the server: with it, bob's data stays closed.
  await syncServer.adminFetch('bob/card-1', { method: 'PUT', body: JSON.stringify({ front: "bob's card" }) });
  const inBrowser = await page.evaluate(async (url) => {
    const statuses: number[] = [];
    for (const path of ['bob', 'bob/card-1', 'bob/_all_docs?include_docs=true', 'bob/_changes?include_docs=true']) {
      statuses.push((await fetch(url + path, { credentials: 'include' })).status);
    }
    return statuses;
  }, syncServer.url);
  expect(inBrowser).toEqual([401, 401, 401, 401]);

  // Over HTTP, as alice, anonymously, and as bob for contrast.
  for (const user of [alice, null]) {
    for (const path of ['bob', 'bob/card-1', 'bob/_all_docs?include_docs=true', 'bob/_changes?include_docs=true', 'bob/_security']) {
      const response = await syncServer.fetchAs(user, path);
      expect(response.status, `${user?.name ?? 'anonymous'} GET ${path}`).toBe(401);
      expect(await response.text()).not.toContain("bob's card");
    }
    const write = await syncServer.fetchAs(user, 'bob/planted', { method: 'PUT', body: '{}' });
    expect(write.status, `${user?.name ?? 'anonymous'} PUT`).toBe(401);
    const bulk = await syncServer.fetchAs(user, 'bob/_bulk_docs', { method: 'POST', body: JSON.stringify({ docs: [{ _id: 'planted' }] }) });
    expect(JSON.stringify(await bulk.json())).toContain('unauthorized');
    expect((await syncServer.fetchAs(user, 'bob', { method: 'DELETE' })).status).toBe(401);
    expect((await syncServer.fetchAs(user, '_all_dbs')).status).toBe(401);
  }
  expect((await syncServer.fetchAs(bob, 'bob/card-1')).status).toBe(200);
  expect((await syncServer.fetchAs(bob, 'bob/planted')).status).toBe(404);
  expect((await syncServer.fetchAs(bob, 'alice')).status).toBe(401);
});

test('a database that does not exist gets its own message', async ({ page, syncServer }) => {
  await openSyncSettings(page);
  await fill(page, { url: syncServer.url, database: 'alice-typo', user: 'alice', password: alice.password });
  expect(await testConnection(page)).toBe(
    `There is no database "alice-typo" on 127.0.0.1:${syncServer.port}. Ask the server's admin to create it with you as its member (README "Sync").`
  );
});

test('a stopped server is unreachable, and reachable again once restarted', async ({ page, syncServer }) => {
  await openSyncSettings(page);
  await fill(page, { url: syncServer.url, database: 'alice', user: 'alice', password: alice.password });
  await syncServer.kill();
  expect(await testConnection(page)).toBe(`Cannot reach 127.0.0.1:${syncServer.port}. Check the address and that the server is running.`);
  await syncServer.restart();
  expect(await testConnection(page)).toMatch(/^Connected to PouchDB Server/);
});

test('a server whose CORS settings leave the app out is told apart from one that is down', async ({ page, baseURL }) => {
  const elsewhere = await startSyncServer({ corsOrigins: ['https://some-other-app.example'], inMemory: true });
  try {
    await elsewhere.createUserWithDatabase(alice, 'alice');
    await openSyncSettings(page);
    await fill(page, { url: elsewhere.url, database: 'alice', user: 'alice', password: alice.password });
    const origin = new URL(baseURL!).origin;
    expect(await testConnection(page)).toBe(
      `127.0.0.1:${elsewhere.port} answered, but its CORS settings do not allow this app (${origin}). In CouchDB enable CORS ([chttpd] enable_cors = true) and add ${origin} to [cors] origins.`
    );
  } finally {
    await elsewhere.dispose();
  }
});

test('an address that is not a CouchDB server, and one the app will not use, say so', async ({ page, baseURL }) => {
  await openSyncSettings(page);
  // The app's own origin answers / with its HTML page.
  await fill(page, { url: baseURL!, database: 'alice', user: 'alice', password: 'x' });
  expect(await testConnection(page)).toMatch(/^127\.0\.0\.1:\d+ answered \(HTTP 200\), but not as a CouchDB server\./);
  await fill(page, { url: 'http://192.168.1.20:5984', database: 'alice', user: 'alice', password: 'x' });
  expect(await testConnection(page)).toMatch(/^Use https:\/\/ for a server on another computer/);
});

test('turning sync on keeps the settings without the password; another device needs the passphrase', async ({ page, browser, syncServer }) => {
  await openSyncSettings(page);
  await fill(page, { url: syncServer.url, database: 'alice', user: 'alice', password: alice.password, passphrase: 'tulip mountain river' });
  await page.getByRole('button', { name: 'Turn sync on' }).click();
  await expect(page.getByTestId('sync-result')).toContainText('Sync is on. Connected to PouchDB Server');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(page.getByTestId('sync-phase')).toHaveText('On');

  const stored = await page.evaluate(() => localStorage.getItem('flashcards-sync'));
  expect(JSON.parse(stored!)).toEqual({
    serverUrl: syncServer.url,
    database: 'alice',
    username: 'alice',
    enabled: true,
    encrypted: true,
    auth: 'cookie'
  });
  expect(stored).not.toContain(alice.password);
  expect(stored).not.toContain('tulip');
  // The server got the key check: salt and check value, no passphrase.
  const keycheck = await (await syncServer.adminFetch('alice/sync-keycheck')).json();
  expect(keycheck).toMatchObject({ type: 'keycheck', kdf: 'PBKDF2-SHA256', iterations: 600000 });
  expect(JSON.stringify(keycheck)).not.toContain('tulip');

  // Another device (separate storage): without the passphrase, and with a wrong one.
  const laptop = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const other = await laptop.newPage();
    await openSyncSettings(other);
    await fill(other, { url: syncServer.url, database: 'alice', user: 'alice', password: alice.password });
    expect(await testConnection(other)).toMatch(/This database is end-to-end encrypted: enter its passphrase\.$/);
    await fill(other, { url: syncServer.url, database: 'alice', user: 'alice', password: alice.password, passphrase: 'tulip mountain rivers' });
    expect(await testConnection(other)).toBe('This passphrase does not match the one this database was encrypted with.');
    await fill(other, { url: syncServer.url, database: 'alice', user: 'alice', password: alice.password, passphrase: 'tulip mountain river' });
    expect(await testConnection(other)).toMatch(/Its data is end-to-end encrypted\. The passphrase is right\.$/);
  } finally {
    await laptop.close();
  }

  // Settings survive a reload (the password does not); turning off keeps them and signs out.
  await page.reload();
  await expect(page.getByLabel('Server URL')).toHaveValue(syncServer.url);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await page.getByRole('button', { name: 'Turn sync off' }).click();
  await expect(page.getByTestId('sync-result')).toHaveText('Sync is off. This device keeps all its data; nothing was deleted on the server.');
  expect(JSON.parse((await page.evaluate(() => localStorage.getItem('flashcards-sync')))!).enabled).toBe(false);
  const session = await page.evaluate(async (url) => (await (await fetch(url + '_session', { credentials: 'include' })).json()).userCtx.name, syncServer.url);
  expect(session).toBeNull();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`Settings → Sync is accessible and fits a phone (${colorScheme})`, async ({ page, syncServer }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    await openSyncSettings(page);
    await fill(page, { url: syncServer.url, database: 'bob', user: 'alice', password: alice.password });
    await testConnection(page);
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    for (const button of await page.locator('main button, main a').all()) {
      const box = (await button.boundingBox())!;
      expect(box.height, (await button.textContent()) ?? '').toBeGreaterThanOrEqual(44);
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: testInfo.outputPath(`sync-settings-${colorScheme}.png`), fullPage: true });
  });
}
