// What this page holds to talk to the sync server after a successful sign-in. Nothing here is
// written anywhere: with cookie sign-in the browser keeps CouchDB's HttpOnly session cookie for
// the server's origin and the password is dropped at once; with basic auth (a server or browser
// where the cookie does not work) the password stays in this page's memory until it closes or
// sync is turned off, so the next visit asks for it again. The encryption keys made from the
// passphrase (non-extractable) are held here for this page and kept on the device across reloads
// by kept-keys.ts until sync is turned off; the passphrase itself is not kept at all.
import type { SyncAuthMode } from './config';
import type { SyncKeys } from './crypto';

export interface RemoteSession {
  /** Root URL with a trailing slash. */
  serverUrl: string;
  database: string;
  username: string;
  auth: SyncAuthMode;
  /** Only for `auth: 'basic'`; never stored. */
  password?: string;
}

let current: RemoteSession | null = null;

export function currentSession(): RemoteSession | null {
  return current;
}

export function keepSession(session: RemoteSession): void {
  current = session;
}

export function forgetSession(): void {
  current = null;
  keys = null;
}

let keys: SyncKeys | null = null;

/** The encryption keys unlocked or recalled this visit (non-extractable CryptoKeys), or null. */
export function currentKeys(): SyncKeys | null {
  return keys;
}

export function keepKeys(unlocked: SyncKeys | null): void {
  keys = unlocked;
}

/** The database's URL, without a trailing slash: `${databaseUrl(s)}/_changes`. */
export function databaseUrl(session: Pick<RemoteSession, 'serverUrl' | 'database'>): string {
  return `${session.serverUrl}${encodeURIComponent(session.database)}`;
}

/** fetch() as this session's user: the session cookie (credentials: 'include') or basic auth. */
export function sessionFetch(session: RemoteSession, fetchImpl: typeof fetch = fetch): typeof fetch {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (session.auth === 'basic' && session.password !== undefined) headers.set('Authorization', basicAuthorization(session.username, session.password));
    return fetchImpl(input, { ...init, headers, credentials: 'include' });
  };
}

/** An Authorization header value; UTF-8 names and passwords are encoded as CouchDB expects. */
export function basicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return 'Basic ' + btoa(String.fromCharCode(...bytes));
}
