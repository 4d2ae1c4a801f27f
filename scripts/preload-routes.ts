/**
 * Route preloads for the app shell (run by `npm run build` after `vite build`, through
 * after-build.ts). The built index.html serves every route (SPA fallback), so it can only name
 * the modules of the layout; the router discovers the opened route's modules once its own code
 * has run, a round trip later (150 ms and more on a phone network). This adds a small inline
 * script that matches location.pathname against the routes and adds `modulepreload` links for
 * that route's node and every chunk it imports while the page is still parsing, and adds the script's hash to the Content-Security-Policy meta tag.
 * On a study route the same script starts opening the database (src/lib/db/shell-open.ts).
 *
 * It reads what SvelteKit's build leaves in .svelte-kit/output: the routes (pattern and nodes) in
 * server/manifest.js and the files of each node in client/.vite/manifest.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inlineScriptHashes } from '../csp.config.js';
import { DATABASE_NAME } from '../src/lib/db/identity';

/**
 * Routes whose first screen is read from the database before Dexie loads (the study screen's
 * fast path): the shell starts opening it while the page parses (src/lib/db/shell-open.ts).
 */
const EARLY_DATABASE_ROUTES = /^\/study\//;

interface ViteChunk {
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

/** index.html with the preload script before its first script and the script's hash in its policy. */
export function withRoutePreloads(html: string, script: string): string {
  const tag = `<script>${script}</script>\n    `;
  const [hash] = inlineScriptHashes(tag);
  const firstScript = html.indexOf('<script');
  if (firstScript < 0) throw new Error('index.html has no script');
  const policy = /(<meta http-equiv="content-security-policy" content="[^"]*script-src )([^;"]*)/i;
  if (!policy.test(html)) throw new Error('index.html has no Content-Security-Policy meta tag with script-src');
  if (html.indexOf('content-security-policy') > firstScript) throw new Error('the policy must come before the scripts');
  return (html.slice(0, firstScript) + tag + html.slice(firstScript)).replace(policy, (_, head, sources) => `${head}${sources} '${hash}'`);
}

export function addRoutePreloads(dir: string): { routes: number; bytes: number } {
  const index = join(dir, 'index.html');
  const html = readFileSync(index, 'utf8');
  if (html.includes('/* route preloads')) return { routes: 0, bytes: 0 }; // already added
  const serverManifest = readFileSync('.svelte-kit/output/server/manifest.js', 'utf8');
  const vite = JSON.parse(readFileSync('.svelte-kit/output/client/.vite/manifest.json', 'utf8')) as Record<string, ViteChunk>;
  const script = preloadScript(html, serverManifest, vite);
  writeFileSync(index, withRoutePreloads(html, script));
  return { routes: routesOf(serverManifest).length, bytes: script.length };
}
