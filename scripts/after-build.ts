/**
 * `tsx scripts/after-build.ts <dir>`: what `npm run build` (and build:next, build:subpath) does to
 * the built site after `vite build`: route preloads in the app shell (preload-routes.ts), then
 * brotli and gzip copies of the text files (precompress.ts), in that order so the shell's
 * compressed copies carry the preloads. `--no-first-visit`: without the first visit's preloads
 * (the bench's empty floor page has none of the app's modules).
 */
import { relative } from 'node:path';
import { addRoutePreloads } from './preload-routes';
import { precompress } from './precompress';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? process.env.BUILD_DIR ?? 'build';
const t0 = Date.now();
const preloads = addRoutePreloads(dir, { firstVisit: !args.includes('--no-first-visit') });
const packed = precompress(dir);
const kb = (n: number) => `${Math.round(n / 1024)} KB`;
console.log(
  `${relative(process.cwd(), dir) || '.'}: route preloads for ${preloads.routes} routes (${preloads.bytes} bytes of script); ` +
    `${packed.files} files precompressed, ${kb(packed.bytes)} -> brotli ${kb(packed.brotli)}, gzip ${kb(packed.gzip)} (${Date.now() - t0} ms)`
);
