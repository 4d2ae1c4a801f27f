import type { ImportedCard } from '../types';
import type { AnkiCard, AnkiCollection, AnkiReview } from './collection';
import { historyFromAnki, scheduleFromAnki } from './schedule';

/** Stage 5: the revlog grouped by card, and each card's answers and the schedule they lead to. */
export function revlogByCard(reviews: AnkiReview[]): Map<number, AnkiReview[]> {
  const byCard = new Map<number, AnkiReview[]>();
  for (const r of reviews) {
    const list = byCard.get(r.cid);
    if (list) list.push(r);
    else byCard.set(r.cid, [r]);
  }
  return byCard;
}

/** Sets the card's review history (revlog rows) and the schedule carried over from Anki. */
export function attachHistory(
  imported: ImportedCard,
  card: AnkiCard,
  reviewsByCard: Map<number, AnkiReview[]>,
  collection: Pick<AnkiCollection, 'crt'>,
  now: number
): void {
  const answers = reviewsByCard.get(card.id) ?? [];
  const history = historyFromAnki(answers, now);
  const schedule = scheduleFromAnki(card, answers, collection.crt, now, history);
  if (schedule) imported.schedule = schedule;
  if (history) imported.answers = history.answers;
}
