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
    const query = last === undefined ? table.orderBy(':id') : table.where(':id').above(last);
    const rows = await query.limit(pageSize).toArray();
    if (rows.length === 0) return;
    await visit(rows);
    last = (rows[rows.length - 1] as Record<string, unknown>)[keyPath];
    if (rows.length < pageSize) return;
    if (yieldBetween) await yieldToPage();
  }
}

let between = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function yieldToPage(): Promise<void> {
  return between();
}

/** In the sync worker, which has no key presses to let through, its scan waits here while the page answers (sync.worker.ts). */
export function waitBetweenPages(wait: () => Promise<void>): void {
  between = wait;
}
