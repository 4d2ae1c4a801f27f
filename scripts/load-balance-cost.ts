/**
 * What load balancing costs (docs/ARCHITECTURE.md "Load balancing"): the day-load read at 50k cards
 * in real Chromium (the same 2 × 99 index counts over `[queue+due]` as srs/balance/day-load.ts, on
 * a database of the same shape, with and without 4x CPU throttling), and the answer's ts-fsrs work
 * with and without the balancer in Node. Run: npx tsx scripts/load-balance-cost.ts
 */
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Rating } from 'ts-fsrs';
import { answerCard, createBalancedScheduler } from '../src/lib/srs/balance/balanced-scheduler';
import { DayLoad, LOAD_DAYS } from '../src/lib/srs/balance/day-load';
import { createScheduler } from '../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../src/lib/srs/settings';
import { CardState, type Schedule } from '../src/lib/db/schema';
import { studyDays } from '../src/lib/stats/days';

const DAY = 86_400_000;

async function dayLoadInChromium(): Promise<void> {
  const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined });
  const page = await browser.newPage();
  // tsx names functions with a helper the page does not have (docs/ARCHITECTURE.md "Browser engines").
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.route('http://127.0.0.1:9/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>x</title>' }));
  await page.goto('http://127.0.0.1:9/');
  const cdp = await page.context().newCDPSession(page);
  for (const rate of [1, 4]) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const result = await page.evaluate(
      async ({ cards, days, fresh }) => {
        const req = <T>(r: IDBRequest<T>) => new Promise<T>((ok, no) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => no(r.error))));
        const now = Date.now();
        if (fresh) {
          await req(indexedDB.deleteDatabase('lb-cost'));
        }
        const open = indexedDB.open('lb-cost', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('cards', { keyPath: 'id' }).createIndex('[queue+due]', ['queue', 'due']);
        const db = await req(open);
        if (fresh) {
          // 50k cards: 10% new, 5% learning (due within a day), 85% in review due over the next 400 days.
          for (let from = 0; from < cards; from += 5000) {
            const tx = db.transaction('cards', 'readwrite');
            const store = tx.objectStore('cards');
            for (let i = from; i < from + 5000; i++) {
              const r = (i * 2654435761) % 1000;
              const queue = r < 100 ? 0 : r < 150 ? 1 : 2;
              const due = queue === 0 ? i : queue === 1 ? now + (r % 24) * 3600_000 : now + ((i * 7919) % 400) * 86_400_000 + (r % 86_400) * 1000;
              store.put({ id: `c${i}`, queue, due, front: 'x'.repeat(200), back: 'y'.repeat(400), stability: 10, difficulty: 5 });
            }
            await new Promise((ok) => (tx.oncomplete = ok));
          }
        }
        const starts = Array.from({ length: days + 1 }, (_, i) => now + i * 86_400_000);
        const times: number[] = [];
        let counted = 0;
        for (let run = 0; run < 7; run++) {
          const t0 = performance.now();
          const tx = db.transaction('cards', 'readonly');
          const index = tx.objectStore('cards').index('[queue+due]');
          const counts = await Promise.all(
            Array.from({ length: days - 1 }, (_, k) => k + 1).flatMap((i) =>
              [1, 2].map((q) => req(index.count(IDBKeyRange.bound([q, starts[i]], [q, starts[i + 1]], false, true))))
            )
          );
          times.push(performance.now() - t0);
          counted = counts.reduce((a, b) => a + b, 0);
        }
        db.close();
        times.sort((a, b) => a - b);
        return { first: times[0], median: times[3], max: times[6], counted };
      },
      { cards: 50_000, days: LOAD_DAYS, fresh: rate === 1 }
    );
    console.log(
      `day load, ${LOAD_DAYS - 1} days × 2 index counts at 50k cards, CPU ×${rate}: median ${result.median.toFixed(1)} ms (min ${result.first.toFixed(1)}, max ${result.max.toFixed(1)}; ${result.counted} cards due in the window)`
    );
  }
  await browser.close();
}

function answerInNode(): void {
  const noon = new Date(2026, 0, 10, 12).getTime();
  const review: Schedule = {
    due: noon,
    stability: 20,
    difficulty: 5,
    scheduledDays: 20,
    learningSteps: 0,
    reps: 5,
    lapses: 0,
    state: CardState.Review,
    lastReview: noon - 20 * DAY
  };
  const load = new DayLoad(
    studyDays(noon, 4, 0, LOAD_DAYS),
    Array.from({ length: LOAD_DAYS }, (_, i) => (i * 37) % 300)
  );
  const plain = createScheduler(DEFAULT_SETTINGS);
  const balanced = createBalancedScheduler(DEFAULT_SETTINGS, { at: () => ({ load, week: [1, 1, 1, 1, 1, 0.5, 0] }) });
  const N = 20_000;
  for (const [name, scheduler] of [
    ['ts-fsrs next()', plain],
    ['balanced answerCard()', balanced]
  ] as const) {
    const t0 = performance.now();
    for (let k = 0; k < N; k++) answerCard(scheduler, review, noon + k * 1000, Rating.Good);
    console.log(`${name}: ${(((performance.now() - t0) / N) * 1000).toFixed(1)} µs per answer`);
  }
}

answerInNode();
await dayLoadInChromium();
