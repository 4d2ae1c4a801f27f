import type { Table } from 'dexie';

/**
 * Visits a table's rows in primary-key order, `pageSize` at a time, each page in its own short
 * read transaction (so writes are never held up) and after a yield to the event loop (so a key
 * press is handled between pages). Starts above `after` when given.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Dexie table (EntityTable's insert type differs)
export async function forEachPage<T>(table: Table<T, any, any>, pageSize: number, visit: (rows: T[]) => void, after?: unknown): Promise<void> {
  const keyPath = table.schema.primKey.keyPath as string;
  let last = after;
  for (;;) {
    const query = last === undefined ? table.orderBy(':id') : table.where(':id').above(last);
    const rows = await query.limit(pageSize).toArray();
    if (rows.length === 0) return;
    visit(rows);
    last = (rows[rows.length - 1] as Record<string, unknown>)[keyPath];
    if (rows.length < pageSize) return;
    await yieldToPage();
  }
}

export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
