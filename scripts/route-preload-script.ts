/** The app shell's inline script (see preload-routes.ts), apart from the build step so tests can run it. */
import { DATABASE_NAME, DATABASE_OPENED_KEY } from '../src/lib/db/identity';

/**
 * Routes whose first screen is read from the database before Dexie loads (the study screen's
 * fast path, the deck list's counts): the shell starts opening it while the page parses
 * (src/lib/db/shell-open.ts).
 */
const EARLY_DATABASE_ROUTES = /^\/(study\/.*)?$/;

/**
 * Routes whose first visit needs more than their modules before the first screen: the modules
 * they import() then (as Vite's manifest names them), and whether the route's first parameter
 * names a built-in deck whose file they merge first (src/lib/study/study-session.svelte.ts).
 */
export const FIRST_VISIT: Record<string, { modules: string[]; deck: boolean }> = {
  '/study/[deckId]': { modules: ['src/lib/study/first-visit-card.ts', 'src/lib/study/study-backend.ts'], deck: true }
};

export interface ViteChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

const nodeKey = (n: number) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`;

/** Each page route's pattern (as regular expression source) and the nodes the router loads for it. */
export function routesOf(serverManifest: string): { id: string; pattern: string; nodes: number[] }[] {
  const routes = [];
  for (const [, id, pattern, layouts, errors, leaf] of serverManifest.matchAll(
    /id:\s*"([^"]*)",\s*pattern:\s*\/(.+?)\/,[\s\S]*?page:\s*\{\s*layouts:\s*\[([^\]]*)\],\s*errors:\s*\[([^\]]*)\],\s*leaf:\s*(\d+)\s*\}/g
  )) {
    const numbers = (list: string) =>
      list
        .split(',')
        .filter((x) => x.trim() !== '')
        .map(Number);
    routes.push({ id, pattern, nodes: [...numbers(layouts), ...numbers(errors), Number(leaf)] });
  }
  return routes;
}

/**
 * The modules a node needs before it runs: its own and its static imports, recursively. Not its
 * stylesheets: the router adds them itself, and Chromium fetched a preloaded one twice.
 */
function filesOf(vite: Record<string, ViteChunk>, key: string, seen = new Set<string>()): string[] {
  const chunk = vite[key];
  if (!chunk || seen.has(key)) return [];
  seen.add(key);
  return [chunk.file, ...(chunk.imports ?? []).flatMap((k) => filesOf(vite, k, seen))];
}

/**
 * The inline script: preloads for the route that matches the path, none already named by the page;
 * on a first visit, also FIRST_VISIT's; on a study route of a database that exists, its early open.
 */
export function preloadScript(
  html: string,
  serverManifest: string,
  vite: Record<string, ViteChunk>,
  deckFiles: Record<string, string> = {},
  // false for the bench's empty floor page, which has no first-visit merge to preload.
  firstVisit = true
): string {
  // Where the app's files are served from, as the page names them ("/_app/…" or "/base/_app/…").
  const start = html.match(/href="([^"]*)_app\/immutable\/entry\/start\.[^"]+"/);
  if (!start) throw new Error('index.html names no _app/immutable/entry/start file');
  const prefix = start[1];
  const base = prefix.replace(/\/$/, '');
  const named = new Set([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]));
  const table: string[] = [];
  const indexes = (files: string[]) =>
    files.map((f) => {
      if (!table.includes(f)) table.push(f);
      return table.indexOf(f);
    });
  // [pattern, the route's files, its first visit's files, whether its first parameter is a built-in deck]
  const routes: [string, number[], number[], number][] = [];
  for (const { id, pattern, nodes } of routesOf(serverManifest)) {
    const files = [...new Set(nodes.flatMap((n) => filesOf(vite, nodeKey(n))))].filter((f) => !named.has(prefix + f));
    const first = firstVisit ? FIRST_VISIT[id] : undefined;
    const firstFiles = [...new Set((first?.modules ?? []).flatMap((key) => filesOf(vite, key)))].filter((f) => !named.has(prefix + f) && !files.includes(f));
    if (first && !firstFiles.length) throw new Error(`FIRST_VISIT ${id}: Vite's manifest has none of ${first.modules.join(', ')}`);
    if (!files.length && !first) continue;
    routes.push([pattern, indexes(files), indexes(firstFiles), first?.deck ? 1 : 0]);
  }
  // Plain ES5, run once while the page parses; a failure here only loses the head start.
  // Whether the database exists decides between the two head starts: a first visit preloads what
  // its first screen merges; a later one opens the database early. localStorage's database-opened
  // key tells a later visit at once; without it, indexedDB.databases() is asked. The open never
  // creates the database (an upgrade is aborted) and lets another tab's upgrade through before the
  // app takes the connection (raw.ts checks the version when it does).
  return `
      /* route preloads (scripts/preload-routes.ts) */
      (function () {
        var files = ${JSON.stringify(table)}, routes = ${JSON.stringify(routes)}, prefix = ${JSON.stringify(prefix)};
        var decks = ${JSON.stringify(deckFiles)}, database = ${JSON.stringify(DATABASE_NAME)};
        var path = location.pathname.slice(${base.length}) || '/';
        function add(rel, href, as, low) {
          var link = document.createElement('link');
          link.rel = rel;
          link.href = prefix + href;
          if (low) link.fetchPriority = 'low';
          if (as) {
            link.as = as;
            link.crossOrigin = 'anonymous';
          }
          document.head.appendChild(link);
        }
        function openEarly() {
          return new Promise(function (resolve) {
            var open = indexedDB.open(database);
            open.onupgradeneeded = function () { open.transaction.abort(); };
            open.onerror = function (event) { event.preventDefault(); resolve(null); };
            open.onsuccess = function () {
              var db = open.result;
              db.onversionchange = function () { db.close(); db.closedEarly = true; };
              resolve(db);
            };
          });
        }
        // Set once the app has opened its database in this browser: a later visit, told at once.
        // (The database may have been lost since; indexedDB.databases() says so, later.)
        var opened = null;
        try {
          opened = localStorage.getItem(${JSON.stringify(DATABASE_OPENED_KEY)});
        } catch (e) {}
        var known = null;
        if (window.indexedDB && window.Promise && indexedDB.databases)
          try {
            known = indexedDB.databases().then(function (list) {
              for (var j = 0; j < list.length; j++) if (list[j].name === database) return true;
              return false;
            }, function () { return null; });
          } catch (e) {}
        if (${EARLY_DATABASE_ROUTES}.test(path) && window.indexedDB && window.Promise)
          try {
            window.__earlyDatabase = known && opened === null ? known.then(function (exists) { return exists === false ? null : openEarly(); }) : openEarly();
          } catch (e) {}
        for (var i = 0; i < routes.length; i++) {
          var route = routes[i], match = new RegExp(route[0]).exec(path);
          if (!match) continue;
          route[1].forEach(function (f) {
            add('modulepreload', files[f]);
          });
          if (!route[2].length) return;
          // Never opened in this browser: a first visit, told at once. Else indexedDB.databases() decides.
          var firstVisit = opened === null && window.Promise ? Promise.resolve(false) : known;
          if (!firstVisit) return;
          firstVisit.then(function (exists) {
            if (exists !== false) return;
            var deck = route[3] && decks[decodeURIComponent(match[1])];
            if (deck) {
              add('preload', 'decks/manifest.json', 'fetch');
              add('preload', 'decks/' + deck, 'fetch');
            }
            // Low priority: ahead of them on six HTTP/1.1 connections they held up the route's own styles.
            route[2].forEach(function (f) {
              add('modulepreload', files[f], '', true);
            });
          });
          return;
        }
      })();
    `;
}
