// Connects to the user's CouchDB: checks the address, signs in, opens the database, and puts
// every failure into words. Each step asks one question, so its failure names one cause:
//   1. GET /            without credentials: is something there, does it allow this origin, is it CouchDB?
//   2. POST /_session   name and password: right or wrong? Then GET /_session: does the cookie work here?
//   3. GET /<db>        as the user: 404 no such database, 401/403 not a member (the sign-in already passed).
// A browser gives a script the same TypeError for "nothing listens there" and "the answer was
// refused by CORS". A second request in `no-cors` mode tells them apart: it needs no CORS
// permission, so it succeeds (with an unreadable answer) exactly when the server did answer.
import type { SyncAuthMode } from './config';
import { checkDatabaseName, checkServerUrl } from './server-url';
import { basicAuthorization, databaseUrl, sessionFetch, type RemoteSession } from './session';
import { KEYCHECK_ID } from './crypto';

export interface ConnectionDetails {
  serverUrl: string;
  database: string;
  username: string;
  password: string;
}

export type ConnectionProblem =
  | 'invalid-input'
  | 'offline'
  | 'unreachable'
  | 'timeout'
  | 'cors'
  | 'not-couchdb'
  | 'wrong-credentials'
  | 'no-database'
  | 'forbidden'
  | 'server-error';

export interface ConnectionFailure {
  ok: false;
  problem: ConnectionProblem;
  message: string;
}

export interface ConnectionSuccess {
  ok: true;
  session: RemoteSession;
  /** What the server says it is, e.g. "CouchDB 3.4.2" or "PouchDB Server 4.2.0". */
  server: string;
  /** Documents in the database now (0 for a new one). */
  documents: number;
  /** The database holds an encryption key check (crypto.ts): its data needs the passphrase. */
  encrypted: boolean;
  message: string;
}

export type ConnectionResult = ConnectionSuccess | ConnectionFailure;

export interface ConnectionOptions {
  fetch?: typeof fetch;
  /** How long one request may take before the server counts as not answering. */
  timeoutMs?: number;
  /** The page's origin, named in the CORS message. */
  origin?: string;
}

class Failure extends Error {
  constructor(
    readonly problem: ConnectionProblem,
    message: string
  ) {
    super(message);
  }
}

const fail = (problem: ConnectionProblem, message: string): never => {
  throw new Failure(problem, message);
};

/** Signs in and opens the database; on success the session is ready for the engine (keepSession it). */
export async function testConnection(details: ConnectionDetails, options: ConnectionOptions = {}): Promise<ConnectionResult> {
  try {
    return await connect(details, options);
  } catch (error) {
    if (error instanceof Failure) return { ok: false, problem: error.problem, message: error.message };
    return { ok: false, problem: 'server-error', message: `The connection failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function connect(details: ConnectionDetails, options: ConnectionOptions): Promise<ConnectionSuccess> {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const origin = options.origin ?? globalThis.location?.origin ?? 'this app';

  const url = checkServerUrl(details.serverUrl);
  if (!url.ok) return fail('invalid-input', url.message);
  const name = checkDatabaseName(details.database);
  if (!name.ok) return fail('invalid-input', name.message);
  const username = details.username.trim();
  if (!username) return fail('invalid-input', 'Enter your user name on the server.');
  if (!details.password) return fail('invalid-input', 'Enter your password.');
  const serverUrl = url.url;
  const host = new URL(serverUrl).host;

  /** One request; a network failure becomes offline, timeout, CORS or unreachable. */
  async function request(target: string, init: RequestInit, withCredentials: boolean): Promise<Response> {
    try {
      return await fetchImpl(target, { cache: 'no-store', ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        return fail('timeout', `${host} did not answer within ${Math.round(timeoutMs / 1000)} seconds. Check that the server is running and not overloaded.`);
      }
      if (globalThis.navigator?.onLine === false) return fail('offline', 'This device is offline. Connect to the internet and try again.');
      if (await answersWithoutCors(target)) {
        return fail(
          'cors',
          withCredentials
            ? `${host} answered, but its CORS settings do not allow signing in from this app (${origin}). In CouchDB set [cors] credentials = true and list ${origin} in [cors] origins.`
            : `${host} answered, but its CORS settings do not allow this app (${origin}). In CouchDB enable CORS ([chttpd] enable_cors = true) and add ${origin} to [cors] origins.`
        );
      }
      return fail('unreachable', `Cannot reach ${host}. Check the address and that the server is running.`);
    }
  }

  async function answersWithoutCors(target: string): Promise<boolean> {
    try {
      await fetchImpl(target, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
      return true;
    } catch {
      return false;
    }
  }

  async function json(response: Response): Promise<Record<string, unknown> | null> {
    try {
      const value: unknown = await response.json();
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  // 1. The server itself.
  const root = await request(serverUrl, { credentials: 'omit' }, false);
  const welcome = await json(root);
  // A server that requires a valid user everywhere answers / with CouchDB's 401 JSON.
  const couchLike = welcome !== null && ('couchdb' in welcome || 'express-pouchdb' in welcome || (root.status === 401 && welcome.error === 'unauthorized'));
  if (!couchLike) {
    return fail(
      'not-couchdb',
      `${host} answered (HTTP ${root.status}), but not as a CouchDB server. Check the address: it should be the server's root URL, where CouchDB answers "Welcome".`
    );
  }
  const server = describeServer(welcome);

  // 2. Sign in: CouchDB's session cookie where the browser keeps it, else basic auth.
  const auth = await signIn(serverUrl, username, details.password, request, json);
  const session: RemoteSession = { serverUrl, database: name.name, username, auth, ...(auth === 'basic' ? { password: details.password } : {}) };
  const asUser = sessionFetch(session, (target, init) => request(String(target), init ?? {}, true));

  // 3. The database, as this user.
  const info = await asUser(databaseUrl(session), {});
  const body = await json(info);
  if (info.status === 404) {
    return fail('no-database', `There is no database "${name.name}" on ${host}. Ask the server's admin to create it with you as its member (README "Sync").`);
  }
  if (info.status === 401 || info.status === 403) {
    return fail('forbidden', `User "${username}" may not open database "${name.name}": its security settings do not list this user as a member.`);
  }
  if (!info.ok || body === null) return fail('server-error', `${host} failed to open the database (HTTP ${info.status}${reasonOf(body)}).`);
  const documents = typeof body.doc_count === 'number' ? body.doc_count : 0;

  const keycheck = await asUser(`${databaseUrl(session)}/${KEYCHECK_ID}`, {});
  const encrypted = keycheck.ok;

  // The engine's path: PouchDB's HTTP adapter with the same session (loads PouchDB now, not earlier).
  const { openRemoteDatabase } = await import('./pouch');
  const remote = await openRemoteDatabase(session);
  await remote.info().catch((e: unknown) => fail('server-error', `PouchDB could not open the database: ${e instanceof Error ? e.message : String(e)}`));

  const how = auth === 'cookie' ? 'signed in with a session cookie' : 'signed in with your password for this visit (this browser does not keep the server’s cookie)';
  const what = encrypted ? 'Its data is end-to-end encrypted.' : documents === 0 ? 'The database is empty.' : `The database holds ${documents} documents.`;
  return { ok: true, session, server, documents, encrypted, message: `Connected to ${server} at ${host}, ${how}. ${what}` };
}

type Request = (target: string, init: RequestInit, withCredentials: boolean) => Promise<Response>;
type Json = (response: Response) => Promise<Record<string, unknown> | null>;

async function signIn(serverUrl: string, username: string, password: string, request: Request, json: Json): Promise<SyncAuthMode> {
  const wrong = () => fail('wrong-credentials', 'The server refused this user name and password. Check both (they are case-sensitive).');
  const session = await request(
    `${serverUrl}_session`,
    { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: username, password }) },
    true
  );
  if (session.status === 401) return wrong();
  if (session.ok) {
    // Is the cookie sent back? Not when the browser blocks the server's cookie on this site.
    const check = await json(await request(`${serverUrl}_session`, { credentials: 'include' }, true));
    if ((check?.userCtx as { name?: unknown } | undefined)?.name === username) return 'cookie';
  }
  // No cookie session here (no _session endpoint, or the cookie did not come back): basic auth.
  const basic = await request(`${serverUrl}_session`, { credentials: 'include', headers: { Authorization: basicAuthorization(username, password) } }, true);
  if (basic.status === 401) return wrong();
  const who = await json(basic);
  if ((who?.userCtx as { name?: unknown } | undefined)?.name !== username) return wrong();
  return 'basic';
}

function describeServer(welcome: Record<string, unknown>): string {
  const version = typeof welcome.version === 'string' ? ` ${welcome.version}` : '';
  if ('express-pouchdb' in welcome) return `PouchDB Server${version}`;
  const vendor = (welcome.vendor as { name?: unknown } | undefined)?.name;
  return typeof vendor === 'string' && vendor !== 'The Apache Software Foundation' ? `${vendor}${version}` : `CouchDB${version}`;
}

function reasonOf(body: Record<string, unknown> | null): string {
  return body && typeof body.reason === 'string' ? `: ${body.reason}` : '';
}

/** Ends the server session (cookie sign-in); basic auth has nothing to end on the server. */
export async function signOut(session: RemoteSession, fetchImpl: typeof fetch = fetch): Promise<void> {
  if (session.auth !== 'cookie') return;
  await fetchImpl(`${session.serverUrl}_session`, { method: 'DELETE', credentials: 'include' }).catch(() => undefined);
}
