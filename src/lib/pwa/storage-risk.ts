/**
 * What the browser's storage rules mean for the user's reviews, decided from a few facts.
 * The case that matters: Safari (and every browser on iPhone and iPad, which are all WebKit)
 * deletes a website's data after 7 days of not being used, unless the site was added to the
 * Home Screen; `navigator.storage.persist()` may be missing there or refused.
 */

export type PersistState = 'granted' | 'not-granted' | 'unavailable';
export type SyncState = 'on' | 'off' | 'unavailable';

export interface StorageFacts {
  /** WebKit: Safari, and every browser on iOS/iPadOS. */
  webkit: boolean;
  /** iPhone or iPad (the Home Screen instructions differ from a Mac's). */
  ios: boolean;
  /** Opened as an installed app (display-mode standalone, or iOS's navigator.standalone). */
  standalone: boolean;
  persist: PersistState;
  /** Automatic backups can be written (OPFS with writable files). */
  autoBackups: boolean;
  sync: SyncState;
}

export interface StorageRisk {
  /** `evict-7-days`: data may go after a week unused; `may-evict`: may go when space runs low; `kept`. */
  kind: 'evict-7-days' | 'may-evict' | 'kept';
  /** One sentence: what it means for the reviews. */
  meaning: string;
  /** What to do, most useful first. Empty when nothing needs doing. */
  actions: string[];
}

/** The browser's facts as one decision: what it means and what to do. */
export function storageRisk(facts: StorageFacts): StorageRisk {
  if (facts.persist === 'granted') {
    return { kind: 'kept', meaning: 'This browser keeps your cards and reviews until you delete them.', actions: keepCopies(facts, false) };
  }
  if (facts.webkit && !facts.standalone) {
    return {
      kind: 'evict-7-days',
      meaning: 'Safari deletes the cards and review history of a website that is not opened for 7 days, unless it is on your Home Screen.',
      actions: [installAction(facts), ...keepCopies(facts, true)]
    };
  }
  return {
    kind: 'may-evict',
    meaning: facts.webkit
      ? 'Installed on the Home Screen, the 7-day limit does not apply, but the system may still delete the app’s data when the device runs out of space.'
      : 'The browser may delete your cards and review history when the device runs low on space.',
    actions: keepCopies(facts, true)
  };
}

function installAction({ ios }: StorageFacts): string {
  return ios
    ? 'Add the app to your Home Screen: tap Share, then Add to Home Screen, and open it from there.'
    : 'Add the app to the Dock (File › Add to Dock in Safari) and open it from there.';
}

/** Copies that survive the browser deleting the site's data, best first. */
function keepCopies({ autoBackups, sync }: StorageFacts, atRisk: boolean): string[] {
  const actions: string[] = [];
  if (sync === 'off') actions.push('Turn on sync, so another copy lives on your server.');
  if (!atRisk) return actions;
  actions.push(
    autoBackups
      ? 'Download a backup file now and then (Backup): automatic backups are deleted together with the site’s data.'
      : 'Download a backup file regularly (Backup): automatic backups are not available in this browser.'
  );
  return actions;
}

/** Shown once on the deck list, for the case where a week away can cost the history. */
export function needsDeckListNotice(risk: StorageRisk): boolean {
  return risk.kind === 'evict-7-days';
}
