// The app shell's early open (scripts/preload-routes.ts, src/lib/db/shell-open.ts): the inline
// script the build puts in index.html is run here as the browser would, over fake-indexeddb.
import { afterEach, describe, expect, it } from 'vitest';
import { FlashcardDatabase } from '../../src/lib/db/database';
import { DATABASE_NAME, DATABASE_OPENED_KEY, SCHEMA_VERSION } from '../../src/lib/db/identity';
import { openCurrentDatabase } from '../../src/lib/db/raw';
import { preloadScript } from '../../scripts/route-preload-script';

const html = '<link href="/_app/immutable/entry/start.abc.js" rel="modulepreload">';
const serverManifest = `routes: [
  { id: "/", pattern: /^\\/$/, params: [], page: { layouts: [0], errors: [1], leaf: 2 }, endpoint: null },
  { id: "/study/[deckId]", pattern: /^\\/study\\/([^/]+?)\\/?$/, params: [], page: { layouts: [0], errors: [1], leaf: 3 }, endpoint: null }
]`;
const node = (n: number) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`;
const vite = {
  ...Object.fromEntries([0, 1, 2, 3].map((n) => [node(n), { file: `_app/immutable/nodes/${n}.js` }])),
  // What a first visit of a study route preloads (FIRST_VISIT in scripts/route-preload-script.ts).
  'src/lib/study/study-backend.ts': { file: '_app/immutable/chunks/study-backend.js' }
};

interface ShellWindow {
  indexedDB: IDBFactory;
  Promise: PromiseConstructor;
  __earlyDatabase?: Promise<IDBDatabase | null>;
}

/** Runs the shell's inline script at `path`; returns the window it set its connection on. */
function runShell(path: string, { idb = indexedDB, storage = new Map<string, string>(), links = [] as Record<string, string>[] } = {}): ShellWindow {
  const win: ShellWindow = { indexedDB: idb, Promise };
  const document = { createElement: () => ({}), head: { appendChild: (link: Record<string, string>) => links.push(link) } };
  const localStorage = { getItem: (key: string) => storage.get(key) ?? null };
  new Function('window', 'document', 'location', 'indexedDB', 'localStorage', preloadScript(html, serverManifest, vite, { networking: 'networking.abc.json' }))(
    win,
    document,
    { pathname: path },
    idb,
    localStorage
  );
  // The app reads it from the global window (shell-open.ts).
  (globalThis as { window?: unknown }).window = win;
  return win;
}

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name!);
}

afterEach(async () => {
  delete (globalThis as { window?: unknown }).window;
  await new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase(DATABASE_NAME);
    req.onsuccess = req.onerror = () => resolve();
  });
});

describe("the app shell's first-visit preloads", () => {
  // indexedDB.databases() as a fresh profile answers it: late (here, never).
  const slowToAnswer = Object.assign(Object.create(indexedDB) as IDBFactory, { databases: () => new Promise<IDBDatabaseInfo[]>(() => undefined) });
  const firstVisitFiles = (links: Record<string, string>[]) => links.filter((l) => l.fetchPriority === 'low' || l.as === 'fetch').map((l) => l.href);

  it('start at once when the app never opened its database in this browser, without waiting for indexedDB.databases()', async () => {
    const links: Record<string, string>[] = [];
    runShell('/study/networking', { idb: slowToAnswer, links });
    await Promise.resolve();
    expect(firstVisitFiles(links)).toEqual(['/decks/manifest.json', '/decks/networking.abc.json', '/_app/immutable/chunks/study-backend.js']);
  });

  it('wait for indexedDB.databases() once the app has opened it here (the database may be gone since)', async () => {
    const storage = new Map([[DATABASE_OPENED_KEY, '1']]);
    const links: Record<string, string>[] = [];
    runShell('/study/networking', { idb: slowToAnswer, storage, links });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(firstVisitFiles(links)).toEqual([]);
    // Lost since: the browser lists no database, and the first visit's files are preloaded after all.
    runShell('/study/networking', { storage, links });
    await expect.poll(() => firstVisitFiles(links)).toHaveLength(3);
  });
});

describe("the app shell's early open", () => {
  it('starts only on a study route and the deck list', () => {
    for (const path of ['/browse', '/settings/sync', '/studying', '/decks/networking']) expect(runShell(path).__earlyDatabase, path).toBeUndefined();
    expect(runShell('/study/networking').__earlyDatabase).toBeInstanceOf(Promise);
    expect(runShell('/').__earlyDatabase).toBeInstanceOf(Promise);
  });

  it('never creates the database: a first visit gets null and Dexie creates it as usual', async () => {
    const win = runShell('/study/networking');
    expect(await win.__earlyDatabase).toBeNull();
    expect(await openCurrentDatabase()).toBeNull();
    expect(await databaseNames()).not.toContain(DATABASE_NAME);
    const db = new FlashcardDatabase(DATABASE_NAME);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('opens at once when the app has opened the database here, and still never creates it when it is gone', async () => {
    const storage = new Map([[DATABASE_OPENED_KEY, '1']]);
    // Lost since (no database), with indexedDB.databases() never answering: the open itself finds out.
    const slowToAnswer = Object.assign(Object.create(indexedDB) as IDBFactory, { databases: () => new Promise<IDBDatabaseInfo[]>(() => undefined) });
    expect(await runShell('/study/networking', { idb: slowToAnswer, storage }).__earlyDatabase).toBeNull();
    expect(await databaseNames()).not.toContain(DATABASE_NAME);
    // There: the connection, without waiting for the listing.
    const db = new FlashcardDatabase(DATABASE_NAME);
    await db.open();
    db.close();
    const shell = await runShell('/', { idb: slowToAnswer, storage }).__earlyDatabase;
    expect(shell?.version).toBe(db.verno * 10);
    shell!.close();
  });

  it("hands its connection to the app's first raw open, once", async () => {
    const db = new FlashcardDatabase(DATABASE_NAME);
    await db.open();
    db.close();
    const win = runShell('/study/networking');
    const shell = await win.__earlyDatabase!;
    const first = await openCurrentDatabase();
    expect(first).toBe(shell);
    expect(win.__earlyDatabase).toBeUndefined();
    const second = await openCurrentDatabase();
    expect(second).not.toBe(shell);
    first!.close();
    second!.close();
  });

  it('closes a connection to an older version and lets Dexie upgrade it', async () => {
    const old = indexedDB.open(DATABASE_NAME, 10);
    await new Promise((resolve) => (old.onsuccess = resolve));
    old.result.close();
    runShell('/study/networking');
    expect(await openCurrentDatabase()).toBeNull();
    const db = new FlashcardDatabase(DATABASE_NAME);
    await db.open(); // would wait forever if the shell's connection were still open
    expect(db.verno).toBe(SCHEMA_VERSION);
    db.close();
  });

  it("lets another tab's upgrade through before the app takes the connection, and the app then opens none", async () => {
    const db = new FlashcardDatabase(DATABASE_NAME);
    await db.open();
    db.close();
    const win = runShell('/study/networking');
    await win.__earlyDatabase;
    // A newer version opened elsewhere: not blocked by the connection nobody has taken yet.
    const newer = indexedDB.open(DATABASE_NAME, SCHEMA_VERSION * 10 + 10);
    await new Promise((resolve, reject) => {
      newer.onsuccess = resolve;
      newer.onblocked = () => reject(new Error('blocked by the shell connection'));
    });
    newer.result.close();
    expect(await openCurrentDatabase()).toBeNull();
  });
});
