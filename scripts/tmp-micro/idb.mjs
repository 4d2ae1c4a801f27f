import { chromium } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
const srv = createServer((q, r) => r.end('<p>x</p>')).listen(0, '127.0.0.1');
await new Promise((r) => srv.on('listening', r));
const dir = mkdtempSync('/tmp/search-micro/prof-');
const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true });
const page = await ctx.newPage();
await page.goto(`http://127.0.0.1:${srv.address().port}/`);


const r = await page.evaluate(async () => {
  const req = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const open = indexedDB.open('m', 1);
  open.onupgradeneeded = () => { const s = open.result.createObjectStore('w', { keyPath: 'id' }); s.createIndex('words', 'words', { multiEntry: true }); open.result.createObjectStore('p', { keyPath: 'k' }); };
  const db = await req(open);
  const vocab = Array.from({ length: 80 }, (_, i) => 'word' + i);
  const N = 10000;
  let t = performance.now();
  const tx = db.transaction(['w'], 'readwrite');
  for (let i = 0; i < N; i++) { const words = new Set(); for (let j = 0; j < 60; j++) words.add(vocab[Math.floor(Math.random() * 80)]); tx.objectStore('w').put({ id: 'card-' + String(i).padStart(6, '0'), words: [...words] }); }
  await new Promise((res) => (tx.oncomplete = res));
  const writeMs = performance.now() - t;
  const out = { writeMs };
  for (const w of ['word1', 'word55']) {
    t = performance.now();
    const keys = await req(db.transaction('w').objectStore('w').index('words').getAllKeys(IDBKeyRange.bound(w, w + '\uffff')));
    out[w] = { n: keys.length, ms: performance.now() - t };
    t = performance.now();
    const n = await req(db.transaction('w').objectStore('w').index('words').count(IDBKeyRange.only(w)));
    out[w].countMs = performance.now() - t;
  }
  // posting list variant
  t = performance.now();
  const lists = new Map(vocab.map((v) => [v, []]));
  const all = await req(db.transaction('w').objectStore('w').getAll());
  const ptx = db.transaction(['p'], 'readwrite');
  for (const r of all) for (const w of r.words) lists.get(w).push(r.id);
  for (const [k, ids] of lists) ptx.objectStore('p').put({ k, ids });
  await new Promise((res) => (ptx.oncomplete = res));
  out.postingWriteMs = performance.now() - t;
  t = performance.now();
  const rows = await req(db.transaction('p').objectStore('p').getAll(IDBKeyRange.bound('word1', 'word1\uffff')));
  out.postingRead = { rows: rows.length, ids: rows.reduce((n, r) => n + r.ids.length, 0), ms: performance.now() - t };
  return out;
});
console.log(JSON.stringify(r, null, 1));
await ctx.close();
srv.close();
