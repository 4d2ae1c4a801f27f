import type { Page } from '@playwright/test';
import { default_w } from 'ts-fsrs';
import type { CardRow, ReviewLogRow } from '../../../src/lib/db/schema';
import { simulate } from '../../../src/lib/optimizer/simulate';
import { withDerivedColumns } from '../../../src/lib/db/derive';
import { readStore } from '../helpers';

const DAY = 86_400_000;

/**
 * Gives `count` of the built-in cards a simulated study history of `days` days (a learner with
 * `weights`, FSRS defaults unless given; ending yesterday unless `start` is given),
 * written with raw IndexedDB, so the optimizer page has enough reviews to run.
 */
export async function seedSimulatedHistory(
  page: Page,
  count: number,
  days: number,
  { seed = 7, weights = [...default_w], start = Date.now() - (days + 1) * DAY }: { seed?: number; weights?: number[]; start?: number } = {}
) {
  const cards = (await readStore<CardRow>(page, 'cards')).filter((c) => !c.retired).slice(0, count);
  const simulated = simulate({ weights, cardIds: cards.map((c) => c.id), deckId: 'unused', start, days, seed });
  const logs: ReviewLogRow[] = [];
  const updated: CardRow[] = [];
  for (const [i, { logs: cardLogs, schedule }] of simulated.entries()) {
    const card = cards[i];
    logs.push(...cardLogs.map((l) => ({ ...l, deckId: card.deckId })));
    updated.push(withDerivedColumns({ ...card, ...schedule }));
  }
  await page.evaluate(
    ({ logs, updated }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['cards', 'reviewLogs'], 'readwrite');
          for (const log of logs) tx.objectStore('reviewLogs').add(log);
          for (const card of updated) tx.objectStore('cards').put(card);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { logs, updated }
  );
  return { logs, cards: updated };
}
