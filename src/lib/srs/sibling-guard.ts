import type { FlashcardDatabase } from '../db/database';
import { transact } from '../db/gateway';
import type { CardRow } from '../db/schema';
import { CardIndex, Store } from '../db/stores';
import { nextStudyDayStart } from './day';
import type { StudySettings } from './settings';
import { anyBurying, heldBackBySibling } from './siblings';

/**
 * Before the study screen shows `card`: when a sibling of it is already in today's session
 * (heldBackBySibling), buries it until the next study day and returns true, so two siblings are
 * never shown the same day. One read of the noteId index; nothing when burying is off.
 */
export async function buryIfHeldBack(db: FlashcardDatabase, card: CardRow, now: number, s: StudySettings): Promise<boolean> {
  if (!card.noteId || !anyBurying(s)) return false;
  const dayEnd = nextStudyDayStart(now, s.rolloverHour);
  return transact(db, [Store.cards], async (w) => {
    const siblings = await db.cards.where(CardIndex.noteId).equals(card.noteId!).toArray();
    const stored = siblings.find((c) => c.id === card.id);
    if (!stored || !heldBackBySibling(stored, siblings, s, dayEnd)) return false;
    await w.putCard({ ...stored, buriedUntil: dayEnd });
    return true;
  });
}
