import type { FlashcardDatabase } from '../db/database';
import { HistoryBuilder, type HistorySet } from './history';
import { LogIndex } from '../db/stores';

/**
 * Reads the whole review log in card order (the `[cardId+review]` index) into a compact
 * HistorySet, streaming so a long history never sits in memory as row objects. Read-only.
 */
export async function loadHistory(db: FlashcardDatabase, onProgress?: (done: number, total: number) => void): Promise<HistorySet> {
  const total = await db.reviewLogs.count();
  const builder = new HistoryBuilder();
  let done = 0;
  await db.reviewLogs.orderBy(LogIndex.cardReview).each((log) => {
    builder.add(log.cardId, log);
    if (++done % 2000 === 0) onProgress?.(done, total);
  });
  onProgress?.(total, total);
  return builder.build();
}
