import type { Table } from 'dexie';

/**
 * Visits a table's rows in primary-key order, `pageSize` at a time (keyset paging), starting above
 * `after` when given. Outside a transaction each page is its own short read (writes are never held
 * up), and `yieldBetween` lets a key press be handled between pages; inside one (a backup read as
 * one snapshot) it must stay off, and `visit` must not wait for anything but that transaction's
 * requests, since a task boundary would end it.
 */
export async function forEachPage<T>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Dexie table (EntityTable's insert type differs)
  table: Table<T, any, any>,
  pageSize: number,
  visit: (rows: T[]) => unknown,
  { after, yieldBetween = false }: { after?: unknown; yieldBetween?: boolean } = {}
): Promise<void> {
  const keyPath = table.schema.primKey.keyPath as string;
  let last = after;
  for (;;) {
    // A background scan takes smaller pages while someone studies (stepSize).
    const size = yieldBetween ? stepSize(pageSize) : pageSize;
    const query = last === undefined ? table.orderBy(':id') : table.where(':id').above(last);
    const rows = await query.limit(size).toArray();
    if (rows.length === 0) return;
    await visit(rows);
    last = (rows[rows.length - 1] as Record<string, unknown>)[keyPath];
    if (rows.length < size) return;
    if (yieldBetween) await yieldToPage();
  }
}

let sizeStep = (size: number) => size;

/** How many rows the next step of background work takes, out of `size` (smaller while the page is in use: sync.worker.ts). */
export function stepSize(size: number): number {
  return sizeStep(size);
}

/** In the sync worker: a step under way when the person answers finishes before the answer's own transaction, so steps shrink while they study. */
export function sizeStepsBy(size: (size: number) => number): void {
  sizeStep = size;
}

let between = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function yieldToPage(): Promise<void> {
  return between();
}

/** In the sync worker, which has no key presses to let through, its scan waits here while the page answers (sync.worker.ts). */
export function waitBetweenPages(wait: () => Promise<void>): void {
  between = wait;
}
