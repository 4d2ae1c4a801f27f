import type { AnkiCollection } from './collection';

/** The deck name a package suggests: the deck most cards are in, or the common parent of several subdecks; "Default" gives way to the file name. */
export function deckTitle(collection: Pick<AnkiCollection, 'cards' | 'decks'>, fileName: string): string {
  const counts = new Map<number, number>();
  for (const c of collection.cards) counts.set(c.did, (counts.get(c.did) ?? 0) + 1);
  const names = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([did]) => collection.decks.get(did))
    .filter((n): n is string => !!n);
  if (names.length === 0) return fileName.replace(/\.[^.]+$/, '');
  let common = names[0].split('::');
  for (const n of names.slice(1)) {
    const parts = n.split('::');
    let k = 0;
    while (k < common.length && k < parts.length && common[k] === parts[k]) k++;
    common = common.slice(0, k);
  }
  const title = (common.length ? common : names[0].split('::')).join(' / ');
  return title === 'Default' ? fileName.replace(/\.[^.]+$/, '') : title;
}
