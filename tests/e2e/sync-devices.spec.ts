// Two devices (two browser contexts, separate storage) and one CouchDB-compatible server on
// 127.0.0.1: both study offline, some of the same cards, then sync. Every review must arrive
// exactly once on both, and both must end with the same schedules and counts.
import { answerGood, movedOn, openFirstDeck, readStore } from './helpers';
import { newDevice, syncNow, turnOnSync } from './support/sync-devices';
import { expect, test } from './support/sync-server';

interface Log {
  id: string;
  cardId: string;
  rating: number;
}
interface Card {
  id: string;
  due: number;
  stability: number;
  difficulty: number;
  reps: number;
  state: number;
  suspended: boolean;
}

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
const scheduleOf = ({ due, stability, difficulty, reps, state }: Card) => ({ due, stability, difficulty, reps, state });

test('two devices study offline, then sync: every review exactly once, and the same schedules and counts', async ({ browser, syncServer }) => {
  test.setTimeout(180_000);
  const contexts = [await browser.newContext({ viewport: { width: 390, height: 844 } }), await browser.newContext({ viewport: { width: 1280, height: 800 } })];
  try {
    const [phone, laptop] = await Promise.all(contexts.map(newDevice));
    await turnOnSync(phone, syncServer);
    await turnOnSync(laptop, syncServer);

    // Offline on both: the phone answers two cards, the laptop the same first card and one more.
    for (const context of contexts) await context.setOffline(true);
    const deckId = await openFirstDeck(phone);
    await answerGood(phone);
    await answerGood(phone);
    await openFirstDeck(laptop);
    await answerGood(laptop);
    const again = (await laptop.locator('article.card').getAttribute('data-card-id'))!;
    await laptop.getByRole('button', { name: 'Show answer' }).click();
    await laptop.locator('[data-grade=again]').click();
    await movedOn(laptop.locator('article.card'), again);
    const phoneLogs = await readStore<Log>(phone, 'reviewLogs');
    const laptopLogs = await readStore<Log>(laptop, 'reviewLogs');
    expect(phoneLogs).toHaveLength(2);
    expect(laptopLogs).toHaveLength(2);
    expect(phoneLogs[0].cardId === laptopLogs[0].cardId || phoneLogs.some((l) => laptopLogs.some((m) => m.cardId === l.cardId))).toBe(true);

    for (const context of contexts) await context.setOffline(false);
    await syncNow(phone);
    await syncNow(laptop);
    await syncNow(phone);

    const logs = await Promise.all([phone, laptop].map((page) => readStore<Log>(page, 'reviewLogs')));
    const ids = logs.map((rows) => rows.map((l) => l.id).sort());
    expect(ids[0]).toEqual([...phoneLogs, ...laptopLogs].map((l) => l.id).sort());
    expect(ids[1]).toEqual(ids[0]);
    expect(new Set(ids[0]).size).toBe(4);

    const cards = await Promise.all([phone, laptop].map(async (page) => byId(await readStore<Card>(page, 'cards'))));
    for (const cardId of new Set(logs[0].map((l) => l.cardId))) {
      expect(scheduleOf(cards[1].get(cardId)!), cardId).toEqual(scheduleOf(cards[0].get(cardId)!));
      expect(cards[0].get(cardId)!.reps).toBe(logs[0].filter((l) => l.cardId === cardId).length);
    }

    // The deck list shows the same counts on both devices.
    const counts = [];
    for (const page of [phone, laptop]) {
      await page.goto('/');
      counts.push(await page.locator(`a.deck[data-deck="${deckId}"]`).innerText());
    }
    expect(counts[1]).toBe(counts[0]);
  } finally {
    for (const context of contexts) await context.close();
  }
});
