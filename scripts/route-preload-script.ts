/** The app shell's inline script (see preload-routes.ts), apart from the build step so tests can run it. */
import { DATABASE_NAME } from '../src/lib/db/identity';

/**
 * Routes whose first screen is read from the database before Dexie loads (the study screen's
 * fast path): the shell starts opening it while the page parses (src/lib/db/shell-open.ts).
 */
const EARLY_DATABASE_ROUTES = /^\/study\//;

export interface ViteChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

const nodeKey = (n: number) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`;

/** Each page route's pattern (as regular expression source) and the nodes the router loads for it. */
export function routesOf(serverManifest: string): { pattern: string; nodes: number[] }[] {
  const routes = [];
  for (const [, pattern, layouts, errors, leaf] of serverManifest.matchAll(
    /pattern:\s*\/(.+?)\/,[\s\S]*?page:\s*\{\s*layouts:\s*\[([^\]]*)\],\s*errors:\s*\[([^\]]*)\],\s*leaf:\s*(\d+)\s*\}/g
  )) {
    const numbers = (list: string) =>
      list
        .split(',')
        .filter((x) => x.trim() !== '')
        .map(Number);
    routes.push({ pattern, nodes: [...numbers(layouts), ...numbers(errors), Number(leaf)] });
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

/** The inline script: preloads for the route that matches the path, none already named by the page. */
export function preloadScript(html: string, serverManifest: string, vite: Record<string, ViteChunk>): string {
  // Where the app's files are served from, as the page names them ("/_app/…" or "/base/_app/…").
  const start = html.match(/href="([^"]*)_app\/immutable\/entry\/start\.[^"]+"/);
  if (!start) throw new Error('index.html names no _app/immutable/entry/start file');
  const prefix = start[1];
  const base = prefix.replace(/\/$/, '');
  const named = new Set([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]));
  const table: string[] = [];
  const routes: [string, number[]][] = [];
  for (const { pattern, nodes } of routesOf(serverManifest)) {
    const files = [...new Set(nodes.flatMap((n) => filesOf(vite, nodeKey(n))))].filter((f) => !named.has(prefix + f));
    if (!files.length) continue;
    routes.push([
      pattern,
      files.map((f) => {
        if (!table.includes(f)) table.push(f);
        return table.indexOf(f);
      })
    ]);
  }
  // Plain ES5, run once while the page parses; a failure here only loses the head start.
  // The open never creates the database (an upgrade is aborted) and lets another tab's upgrade
  // through before the app takes the connection (raw.ts checks the version when it does).
  return `
      /* route preloads (scripts/preload-routes.ts) */
      (function () {
        var files = ${JSON.stringify(table)}, routes = ${JSON.stringify(routes)}, prefix = ${JSON.stringify(prefix)};
        var path = location.pathname.slice(${base.length}) || '/';
        if (${EARLY_DATABASE_ROUTES}.test(path) && window.indexedDB && window.Promise)
          try {
            var open = indexedDB.open(${JSON.stringify(DATABASE_NAME)});
            window.__earlyDatabase = new Promise(function (resolve) {
              open.onupgradeneeded = function () { open.transaction.abort(); };
              open.onerror = function (event) { event.preventDefault(); resolve(null); };
              open.onsuccess = function () {
                var db = open.result;
                db.onversionchange = function () { db.close(); db.closedEarly = true; };
                resolve(db);
              };
            });
          } catch (e) {}
        for (var i = 0; i < routes.length; i++) {
          if (!new RegExp(routes[i][0]).test(path)) continue;
          routes[i][1].forEach(function (f) {
            var link = document.createElement('link');
            link.rel = 'modulepreload';
            link.href = prefix + files[f];
            document.head.appendChild(link);
          });
          return;
        }
      })();
    `;
}
