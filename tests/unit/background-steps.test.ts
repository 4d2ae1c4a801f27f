import { afterEach, describe, expect, it } from 'vitest';
import { forEachPage, sizeStepsBy, stepSize } from '../../src/lib/backup/pages';
import { seededDb } from './db-helpers';

afterEach(() => sizeStepsBy((size) => size));

describe('background steps (the sync worker shrinks them while someone studies)', () => {
  it('a background scan takes each page at the size asked for then, and still visits every row once, in order', async () => {
    const db = await seededDb('d', 47);
    const all = (await db.cards.orderBy(':id').primaryKeys()) as string[];
    let studying = false;
    sizeStepsBy((size) => (studying ? Math.ceil(size / 10) : size));
    const pages: string[][] = [];
    await forEachPage(
      db.cards,
      20,
      (rows) => {
        pages.push(rows.map((r) => r.id));
        studying = pages.length % 2 === 1; // an answer after every other page
      },
      { yieldBetween: true }
    );
    expect(pages.map((p) => p.length)).toEqual([20, 2, 20, 2, 3]);
    expect(pages.flat()).toEqual(all);
    db.close();
  });

  it('a scan that is not background work (a backup inside one transaction) keeps its page size', async () => {
    const db = await seededDb('d', 30);
    sizeStepsBy(() => 1);
    const sizes: number[] = [];
    await forEachPage(db.cards, 20, (rows) => void sizes.push(rows.length));
    expect(sizes).toEqual([20, 10]);
    expect(stepSize(250)).toBe(1);
    db.close();
  });
});
