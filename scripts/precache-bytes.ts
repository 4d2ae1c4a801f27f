/**
 * Writes `precache-bytes.json` beside the service worker: the bytes of every file its precache
 * lists, which an update's install asks the page to have room for (static/update-guard.js). Written
 * after Workbox generated the worker, so it is not precached itself.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writePrecacheBytes(dir: string): { files: number; bytes: number } {
  const worker = readFileSync(join(dir, 'sw.js'), 'utf8');
  const urls = [...worker.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]);
  if (urls.length === 0) throw new Error(`${dir}/sw.js lists no precache entries: Workbox's output changed?`);
  const bytes = urls.reduce((sum, url) => sum + statSync(join(dir, decodeURIComponent(url))).size, 0);
  writeFileSync(join(dir, 'precache-bytes.json'), JSON.stringify({ files: urls.length, bytes }) + '\n');
  return { files: urls.length, bytes };
}
