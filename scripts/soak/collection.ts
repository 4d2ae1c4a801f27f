/** What the soak reads back after each restart, with plain IndexedDB (not the app's code). */
export interface CollectionState {
  logs: { id: string; cardId: string; repsBefore: number }[];
}

/**
 * Runs in the page (passed to page.evaluate, so it must be self-contained): the review log, or
 * null when the app's database does not exist. Opening without a version never upgrades, and a
 * database created by this open is deleted again so the app still sees it as missing.
 */
export function readCollectionIn(): Promise<CollectionState | null> {
  return new Promise((resolve, reject) => {
    let created = false;
    const open = indexedDB.open('interview-flashcards');
    open.onupgradeneeded = () => {
      created = true;
      open.transaction?.abort();
    };
    open.onerror = (event) => {
      event.preventDefault();
      if (created) resolve(null);
      else reject(open.error);
    };
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('reviewLogs')) {
        db.close();
        return resolve(null);
      }
      const request = db.transaction('reviewLogs', 'readonly').objectStore('reviewLogs').getAll();
      request.onsuccess = () => {
        db.close();
        const rows = request.result as { id: string; cardId: string; before: { reps: number } }[];
        resolve({ logs: rows.map((row) => ({ id: row.id, cardId: row.cardId, repsBefore: row.before.reps })) });
      };
      request.onerror = () => reject(request.error);
    };
  });
}
