import type { TableCounts } from './format';
import type { RestorePlan } from './restore';

const number = new Intl.NumberFormat('en-US');

function count(n: number, one: string, many = one + 's'): string {
  return `${number.format(n)} ${n === 1 ? one : many}`;
}

/** "3 decks, 120 cards, 9,800 reviews" */
export function describeCounts(c: Pick<TableCounts, 'decks' | 'cards' | 'reviewLogs'>): string {
  return `${count(c.decks, 'deck')}, ${count(c.cards, 'card')}, ${count(c.reviewLogs, 'review')}`;
}

/** The sentence the confirmation shows: exactly what the restore will change. */
export function describePlan(plan: RestorePlan): string {
  if (plan.mode === 'replace') {
    return `Replace: ${describeCounts(plan.current)} will be replaced by ${describeCounts(plan.incoming)}.`;
  }
  const a = plan.added;
  const updated = plan.updatedCards ? `; ${count(plan.updatedCards, 'card')} updated` : '';
  if (!a.decks && !a.cards && !a.reviewLogs && !plan.updatedCards && !a.settings && !a.media) {
    return 'Merge: nothing to add; everything in the backup is already here.';
  }
  return `Merge: adds ${describeCounts(a)}${updated}.`;
}

/** The second line: settings and images, and what happens to the rest. */
export function describeDetails(plan: RestorePlan): string {
  if (plan.mode === 'replace') {
    const { current: c, incoming: i } = plan;
    const extras =
      c.settings || i.settings || c.media || i.media
        ? ` Settings (${number.format(c.settings)} → ${number.format(i.settings)}) and images (${number.format(c.media)} → ${number.format(i.media)}) are replaced too.`
        : '';
    return `Everything now on this device is removed.${extras}`;
  }
  const extras = [plan.added.settings ? count(plan.added.settings, 'setting') : '', plan.added.media ? count(plan.added.media, 'image') : ''].filter(Boolean);
  return `${extras.length ? `Also adds ${extras.join(' and ')}. ` : ''}Nothing is removed: all ${count(plan.current.reviewLogs, 'review')} on this device stay, and your settings are kept.`;
}
