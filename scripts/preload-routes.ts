/**
 * Route preloads for the app shell (run by `npm run build` after `vite build`, through
 * after-build.ts). The built index.html serves every route (SPA fallback), so it can only name
 * the modules of the layout; the router discovers the opened route's modules once its own code
 * has run, a round trip later (150 ms and more on a phone network). This adds a small inline
 * script that matches location.pathname against the routes and adds `modulepreload` links for
 * that route's node and every chunk it imports while the page is still parsing, and adds the script's hash to the Content-Security-Policy meta tag.
 * On a study route and the deck list the same script starts opening the database
 * (src/lib/db/shell-open.ts).
 *
 * On a first visit (no `database-opened` key in localStorage, else no database listed by
 * `indexedDB.databases()`) of a route listed in FIRST_VISIT, it also starts what that route then
 * needs before its first screen and would otherwise request only after its own code ran, one step
 * at a time: the dynamically imported modules (Dexie, the merge)
 * and, for a deck's route, the deck manifest and that deck's file (`preload as=fetch`, which the
 * app's own fetch() of the same URL then reuses).
 *
 * It reads what SvelteKit's build leaves in .svelte-kit/output: the routes (pattern and nodes) in
 * server/manifest.js and the files of each node in client/.vite/manifest.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inlineScriptHashes } from '../csp.config.js';
import { preloadScript, routesOf, type ViteChunk } from './route-preload-script';

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

export function addRoutePreloads(dir: string, { firstVisit = true } = {}): { routes: number; bytes: number } {
  const index = join(dir, 'index.html');
  const html = readFileSync(index, 'utf8');
  if (html.includes('/* route preloads')) return { routes: 0, bytes: 0 }; // already added
  const serverManifest = readFileSync('.svelte-kit/output/server/manifest.js', 'utf8');
  const vite = JSON.parse(readFileSync('.svelte-kit/output/client/.vite/manifest.json', 'utf8')) as Record<string, ViteChunk>;
  // The built-in decks' files by id, as the build's manifest names them (none in a build without decks).
  const manifest = join(dir, 'decks', 'manifest.json');
  const decks = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { decks: { id: string; file: string }[] }).decks : [];
  const script = preloadScript(html, serverManifest, vite, Object.fromEntries(decks.map((d) => [d.id, d.file])), firstVisit);
  writeFileSync(index, withRoutePreloads(html, script));
  return { routes: routesOf(serverManifest).length, bytes: script.length };
}
