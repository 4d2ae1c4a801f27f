/** The database's name and schema version, without Dexie, for code that reads it before Dexie loads. */
export const DATABASE_NAME = 'interview-flashcards';

/**
 * In localStorage once the app has opened its database in this browser: the app shell's inline
 * script reads it synchronously (scripts/route-preload-script.ts), so a first visit need not wait
 * for `indexedDB.databases()`, which a fresh profile answers late.
 */
export const DATABASE_OPENED_KEY = 'database-opened';

// Test-only: `npm run build:next` (E2E_NEXT_SCHEMA=1, vite.config.ts `define`) builds "the next
// app version" of the update e2e test with one more schema version; false in every other build.
declare const __E2E_NEXT_SCHEMA__: boolean | undefined;
export const E2E_NEXT_SCHEMA = typeof __E2E_NEXT_SCHEMA__ !== 'undefined' && __E2E_NEXT_SCHEMA__;

/** Dexie's `version(n)` of the newest schema in database.ts. */
export const SCHEMA_VERSION = E2E_NEXT_SCHEMA ? 9 : 8;

/** Dexie stores `version(n)` as IndexedDB version n × 10. */
export const NATIVE_SCHEMA_VERSION = SCHEMA_VERSION * 10;
