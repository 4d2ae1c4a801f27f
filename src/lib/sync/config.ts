// Sync settings of this device (not synced data): which server and database, who signs in, and
// whether sync and encryption are on. One localStorage key, read synchronously, so the write
// gateway can ask `syncConfigured()` on every write without loading anything. This module
// imports nothing: keep it that way (the study screen's first paint may import it).

export const SYNC_CONFIG_KEY = 'flashcards-sync';

/** How this device proves who it is to the server (see README "Sync"). */
export type SyncAuthMode = 'cookie' | 'basic';

export interface SyncConfig {
  /** The server's root URL, normalized with a trailing slash (e.g. https://couch.example.org/). */
  serverUrl: string;
  database: string;
  username: string;
  /** Sync runs only while this is on; turning it off keeps the other fields for next time. */
  enabled: boolean;
  /** End-to-end encryption with a passphrase (the passphrase itself is never stored). */
  encrypted: boolean;
  /** Set when a connection test succeeded: the server session cookie works, or basic auth is needed. */
  auth: SyncAuthMode;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked by the browser
  }
}

function isSyncConfig(value: unknown): value is SyncConfig {
  const c = value as SyncConfig;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.serverUrl === 'string' &&
    typeof c.database === 'string' &&
    typeof c.username === 'string' &&
    typeof c.enabled === 'boolean' &&
    typeof c.encrypted === 'boolean' &&
    (c.auth === 'cookie' || c.auth === 'basic')
  );
}

/** The saved settings, or null when sync was never set up on this device (or the entry is damaged). */
export function loadSyncConfig(): SyncConfig | null {
  const text = storage()?.getItem(SYNC_CONFIG_KEY);
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isSyncConfig(value) ? value : null;
  } catch {
    return null;
  }
}

export function saveSyncConfig(config: SyncConfig): void {
  storage()?.setItem(SYNC_CONFIG_KEY, JSON.stringify(config));
}

export function clearSyncConfig(): void {
  storage()?.removeItem(SYNC_CONFIG_KEY);
}

/** True when sync is set up and turned on: the gateway records changes for it only then. */
export function syncConfigured(): boolean {
  return loadSyncConfig()?.enabled === true;
}
