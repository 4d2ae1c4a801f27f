// The Content-Security-Policy of the built app (svelte.config.js `kit.csp`). SvelteKit writes it
// into the built index.html as a <meta http-equiv> tag and adds the hash of its own inline
// bootstrap script; the hash of the inline theme script in src/app.html is added here, computed
// from the file, so editing that script can never leave a stale hash. README "Content-Security-
// Policy" explains each directive and how to send the same policy as a header.
// Plain JavaScript: svelte.config.js loads it in Node before anything is compiled.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** CSP hash sources of the inline <script> elements (those without src) of an HTML template. */
export function inlineScriptHashes(html) {
  const hashes = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    hashes.push(`sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}`);
  }
  return hashes;
}

const appTemplate = readFileSync(new URL('./src/app.html', import.meta.url), 'utf8');

/** @type {import('@sveltejs/kit').KitConfig['csp']} */
export const csp = {
  // Hashes, not nonces: the page is a static file, so a nonce could never change.
  mode: 'hash',
  directives: {
    // Anything not named below: this origin only. Only 'self' sources, so the app works
    // under any base path (kit.paths.base) and on any host.
    'default-src': ['self'],
    // No 'unsafe-inline', no 'unsafe-eval': scripts are the app's own files, SvelteKit's bootstrap
    // script (hash added by Kit) and the theme script of src/app.html (hash below).
    // 'wasm-unsafe-eval' lets WebAssembly compile (sql.js reads .apkg collections in the import
    // worker) without allowing eval(): it covers the workers when a host sends this policy as a
    // header (a worker takes the policy of its own response, not the page's meta tag).
    'script-src': ['self', 'wasm-unsafe-eval', ...inlineScriptHashes(appTemplate)],
    // The import and optimizer Web Workers and the service worker are files of this origin.
    'worker-src': ['self'],
    // Styles: stylesheets only from this origin. Svelte compiles component styles into those
    // files, sets dynamic styles (style:width) through the CSSOM, which CSP does not govern, and
    // runs transitions with the Web Animations API, so no <style> element is ever needed
    // ('report-sample' puts the start of a refused one in the report).
    'style-src': ['self'],
    'style-src-elem': ['self', 'report-sample'],
    // Style attributes: SvelteKit's route announcer (a visually hidden live region in the root
    // component it generates) and the app shell's wrapper in src/app.html carry static ones, and
    // Svelte builds static markup by cloning a template, which CSP counts as inline style. An
    // attribute styles only its own element (no selectors to read the page with), its url()s are
    // still limited by img-src, and imported card HTML keeps only allowlisted properties with
    // plain values (src/lib/ui/safe-style.ts: no url(), no positioning).
    'style-src-attr': ['unsafe-inline'],
    // Imported images are shown as blob: URLs of media stored in IndexedDB; cards may show a
    // picture by https URL (the sanitizer keeps https images, and removes data: ones).
    'img-src': ['self', 'blob:', 'https:'],
    // Sounds of imported Anki decks play from blob: URLs of media stored in IndexedDB.
    'media-src': ['self', 'blob:'],
    // fetch/XHR: this origin (built-in decks, the sql.js wasm) and the user's sync server, which
    // the user types in Settings → Sync: any https origin, and plain http on this computer only
    // (a local CouchDB or `npm run sync-server`). A static page cannot name one origin ahead of
    // time, and a meta policy can never be widened later. What stops a stray script from sending
    // data out is script-src (nothing but the app's own code runs); src/lib/sync/server-url.ts
    // refuses any other address with a reason before a request is made.
    'connect-src': ['self', 'https:', 'http://localhost:*', 'http://127.0.0.1:*'],
    // Fonts and the manifest fall back to default-src: this origin. Cards never embed frames,
    // plugins or video (the sanitizer removes them).
    'frame-src': ['none'],
    'object-src': ['none'],
    // No injected <base> can move the app's relative URLs; forms only post to this origin.
    'base-uri': ['self'],
    'form-action': ['self']
  }
};
