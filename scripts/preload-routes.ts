/**
 * Route preloads for the app shell (run by `npm run build` after `vite build`, through
 * after-build.ts). The built index.html serves every route (SPA fallback), so it can only name
 * the modules of the layout; the router discovers the opened route's modules once its own code
 * has run, a round trip later (150 ms and more on a phone network). This adds a small inline
 * script that matches location.pathname against the routes and adds `modulepreload` links for
 * that route's node and every chunk it imports while the page is still parsing, and adds the script's hash to the Content-Security-Policy meta tag.
 *
 * On a first visit (no database yet, `indexedDB.databases()`) of a route listed in FIRST_VISIT, it
 * also starts what that route then needs before its first screen and would otherwise request only
 * after its own code ran, one step at a time: the dynamically imported modules (Dexie, the merge)
 * and, for a deck's route, the deck manifest and that deck's file (`preload as=fetch`, which the
 * app's own fetch() of the same URL then reuses).
 *
 * It reads what SvelteKit's build leaves in .svelte-kit/output: the routes (pattern and nodes) in
 * server/manifest.js and the files of each node in client/.vite/manifest.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inlineScriptHashes } from '../csp.config.js';
import { DATABASE_NAME } from '../src/lib/db/identity';

/**
 * Routes whose first visit needs more than their modules before the first screen: the modules
 * they import() then (as Vite's manifest names them), and whether the route's first parameter
 * names a built-in deck whose file they merge first (src/lib/study/study-session.svelte.ts).
 */
export const FIRST_VISIT: Record<string, { modules: string[]; deck: boolean }> = {
  '/study/[deckId]': { modules: ['src/lib/study/study-backend.ts'], deck: true }
};

interface ViteChunk {
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

/** The inline script: preloads for the route that matches the path, none already named by the page; on a first visit, also FIRST_VISIT's. */
export function preloadScript(html: string, serverManifest: string, vite: Record<string, ViteChunk>, deckFiles: Record<string, string> = {}): string {
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
    const first = FIRST_VISIT[id];
    const firstFiles = [...new Set((first?.modules ?? []).flatMap((key) => filesOf(vite, key)))].filter((f) => !named.has(prefix + f) && !files.includes(f));
    if (first && !firstFiles.length) throw new Error(`FIRST_VISIT ${id}: Vite's manifest has none of ${first.modules.join(', ')}`);
    if (!files.length && !first) continue;
    routes.push([pattern, indexes(files), indexes(firstFiles), first?.deck ? 1 : 0]);
  }
  // Plain ES5, run once while the page parses; a failure here only loses the head start.
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
        for (var i = 0; i < routes.length; i++) {
          var route = routes[i], match = new RegExp(route[0]).exec(path);
          if (!match) continue;
          route[1].forEach(function (f) {
            add('modulepreload', files[f]);
          });
          if (!route[2].length || !window.indexedDB || !indexedDB.databases) return;
          indexedDB.databases().then(function (list) {
            for (var j = 0; j < list.length; j++) if (list[j].name === database) return;
            var deck = route[3] && decks[decodeURIComponent(match[1])];
            if (deck) {
              add('preload', 'decks/manifest.json', 'fetch');
              add('preload', 'decks/' + deck, 'fetch');
            }
            // Low priority: ahead of them on six HTTP/1.1 connections they held up the route's own styles.
            route[2].forEach(function (f) {
              add('modulepreload', files[f], '', true);
            });
          }, function () {});
          return;
        }
      })();
    `;
}

/**
 * index.html with the preload script before its first stylesheet (an inline script after a
 * stylesheet waits for it to load, a round trip or more) and the script's hash in its policy.
 */
export function withRoutePreloads(html: string, script: string): string {
  const tag = `<script>${script}</script>\n    `;
  const [hash] = inlineScriptHashes(tag);
  const firstScript = html.indexOf('<script');
  if (firstScript < 0) throw new Error('index.html has no script');
  const firstStylesheet = html.search(/<link[^>]*rel="stylesheet"/);
  const at = firstStylesheet >= 0 && firstStylesheet < firstScript ? firstStylesheet : firstScript;
  const policy = /(<meta http-equiv="content-security-policy" content="[^"]*script-src )([^;"]*)/i;
  if (!policy.test(html)) throw new Error('index.html has no Content-Security-Policy meta tag with script-src');
  if (html.indexOf('content-security-policy') > at) throw new Error('the policy must come before the scripts');
  return (html.slice(0, at) + tag + html.slice(at)).replace(policy, (_, head, sources) => `${head}${sources} '${hash}'`);
}

export function addRoutePreloads(dir: string): { routes: number; bytes: number } {
  const index = join(dir, 'index.html');
  const html = readFileSync(index, 'utf8');
  if (html.includes('/* route preloads')) return { routes: 0, bytes: 0 }; // already added
  const serverManifest = readFileSync('.svelte-kit/output/server/manifest.js', 'utf8');
  const vite = JSON.parse(readFileSync('.svelte-kit/output/client/.vite/manifest.json', 'utf8')) as Record<string, ViteChunk>;
  // The built-in decks' files by id, as the build's manifest names them (none in a build without decks).
  const manifest = join(dir, 'decks', 'manifest.json');
  const decks = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { decks: { id: string; file: string }[] }).decks : [];
  const script = preloadScript(html, serverManifest, vite, Object.fromEntries(decks.map((d) => [d.id, d.file])));
  writeFileSync(index, withRoutePreloads(html, script));
  return { routes: routesOf(serverManifest).length, bytes: script.length };
}
