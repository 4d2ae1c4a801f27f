import { DATABASE_NAME } from './identity';

/** Whether this browser has the app's database yet, without opening (and so creating) it; null when it cannot tell. */
export async function databaseExists(): Promise<boolean | null> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return null;
  try {
    return (await indexedDB.databases()).some((d) => d.name === DATABASE_NAME);
  } catch {
    return null;
  }
}
