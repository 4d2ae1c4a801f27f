/**
 * `tsx scripts/after-build.ts <dir>`: what `npm run build` (and build:next, build:subpath) does to
 * the built site after `vite build`: route preloads in the app shell (preload-routes.ts), then
 * brotli and gzip copies of the text files (precompress.ts), in that order so the shell's
 * compressed copies carry the preloads; then the precache's size for an update's room check
 * (precache-bytes.ts). `--no-first-visit`: without the first visit's preloads
 * (the bench's empty floor page has none of the app's modules).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writePrecacheBytes } from './precache-bytes';
import { addRoutePreloads } from './preload-routes';
import { precompress } from './precompress';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? process.env.BUILD_DIR ?? 'build';
const t0 = Date.now();
const preloads = addRoutePreloads(dir, { firstVisit: !args.includes('--no-first-visit') });
const packed = precompress(dir);
const precache = existsSync(join(dir, 'sw.js')) ? writePrecacheBytes(dir) : null;
const kb = (n: number) => `${Math.round(n / 1024)} KB`;
console.log(
  `${relative(process.cwd(), dir) || '.'}: route preloads for ${preloads.routes} routes (${preloads.bytes} bytes of script); ` +
    `${packed.files} files precompressed, ${kb(packed.bytes)} -> brotli ${kb(packed.brotli)}, gzip ${kb(packed.gzip)}; ` +
    `${precache ? `precache ${precache.files} files, ${kb(precache.bytes)}` : 'no service worker'} (${Date.now() - t0} ms)`
);
