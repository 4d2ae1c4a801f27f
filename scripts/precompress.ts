/**
 * Run by `npm run build` after `vite build` (after-build.ts): writes a
 * brotli (`.br`) and a gzip (`.gz`) copy beside every text asset of the built site, so a static
 * server sends them compressed without compressing on each request (`npm start`'s sirv picks
 * them by Accept-Encoding; README "Deploy" says how other hosts do). A copy that would not be
 * smaller is not written. Run again over the same folder, it rewrites the copies.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(html|js|mjs|css|json|webmanifest|svg|txt|wasm|xml)$/;
/** Below this a compressed response saves less than its headers cost. */
const MIN_BYTES = 1024;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name)) yield path;
  }
}

export function precompress(dir: string): { files: number; bytes: number; brotli: number; gzip: number } {
  const total = { files: 0, bytes: 0, brotli: 0, gzip: 0 };
  for (const path of files(dir)) {
    if (statSync(path).size < MIN_BYTES) continue;
    const body = readFileSync(path);
    const br = brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length }
    });
    const gz = gzipSync(body, { level: 9 });
    total.files++;
    total.bytes += body.length;
    total.brotli += Math.min(br.length, body.length);
    total.gzip += Math.min(gz.length, body.length);
    if (br.length < body.length) writeFileSync(`${path}.br`, br);
    if (gz.length < body.length) writeFileSync(`${path}.gz`, gz);
  }
  return total;
}
