/** The database's name and schema version, without Dexie, for code that reads it before Dexie loads. */
export const DATABASE_NAME = 'interview-flashcards';

/** Dexie's `version(n)` of the newest schema in database.ts. */
export const SCHEMA_VERSION = 3;

/** Dexie stores `version(n)` as IndexedDB version n × 10. */
export const NATIVE_SCHEMA_VERSION = SCHEMA_VERSION * 10;
