// Starts and stops a CouchDB-compatible server (pouchdb-server's engine, server.cjs) on
// 127.0.0.1 for the sync tests and the local demo (`npm run sync-server`). The server is a child
// process, so a test can kill it mid-sync (SIGKILL, like a crash) and start it again on the same
// port and data: the store is a temporary LevelDB folder unless `inMemory` is asked for.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface SyncServerOptions {
  /** Origins allowed by CORS, with credentials (the app's origin, e.g. http://127.0.0.1:4173). */
  corsOrigins: string[];
  /** Lose everything when the process ends (default: a temporary LevelDB folder that survives restarts). */
  inMemory?: boolean;
  /** A fixed port (default: a free one chosen by the system, kept across restarts). */
  port?: number;
  /** The data folder (default: a new temporary folder, deleted by dispose()). */
  dir?: string;
  admin?: Credentials;
}

export interface Credentials {
  name: string;
  password: string;
}

export interface SyncServer {
  /** The server's root URL with a trailing slash, e.g. http://127.0.0.1:41753/ */
  readonly url: string;
  readonly port: number;
  readonly admin: Credentials;
  readonly dir: string;
  readonly running: boolean;
  /** A request as the server admin (basic auth); `path` is relative to the root, e.g. `alice/_security`. */
  adminFetch(path: string, init?: RequestInit): Promise<Response>;
  /** A request as `user` (basic auth), or anonymous without one. */
  fetchAs(user: Credentials | null, path: string, init?: RequestInit): Promise<Response>;
  /** A user in `_users`, as CouchDB's sign-up does. */
  createUser(user: Credentials): Promise<void>;
  /** A database whose `_security` admits only `members` (CouchDB's usual one database per user). */
  createDatabase(name: string, members: string[]): Promise<void>;
  /** createUser and createDatabase(database, [user.name]) together. */
  createUserWithDatabase(user: Credentials, database: string): Promise<void>;
  /** SIGKILL: the server dies at once, as in a crash or power loss, mid-request if there is one. */
  kill(): Promise<void>;
  /** SIGTERM: a clean stop. */
  stop(): Promise<void>;
  /** Start again after kill() or stop(), on the same port and data folder. */
  restart(): Promise<void>;
  /** Stop and delete the data folder if the harness made it. */
  dispose(): Promise<void>;
}

const serverScript = fileURLToPath(new URL('./server.cjs', import.meta.url));
const defaultAdmin: Credentials = { name: 'admin', password: 'admin-password' };

export async function startSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  const admin = options.admin ?? defaultAdmin;
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'sync-server-')));
  let port = options.port ?? 0;
  let child: ChildProcess | null = null;

  async function launch() {
    const settings = { port, host: '127.0.0.1', dir, inMemory: options.inMemory ?? false, admin, corsOrigins: options.corsOrigins };
    // Unhandled rejections only warn: a pouchdb-server bug must not take down a test's server.
    const started = spawn(process.execPath, ['--unhandled-rejections=warn', serverScript, JSON.stringify(settings)], {
      stdio: ['pipe', 'pipe', 'pipe']
    });
    let errors = '';
    started.stderr!.on('data', (chunk) => (errors = (errors + chunk).slice(-4000)));
    port = await new Promise<number>((resolve, reject) => {
      const lines = createInterface({ input: started.stdout! });
      lines.on('line', (line) => {
        const listening = /^\{"listening":(\d+)\}$/.exec(line);
        if (listening) resolve(Number(listening[1]));
      });
      started.on('exit', (code) => reject(new Error(`sync test server exited (${code}) before listening: ${errors}`)));
    });
    child = started;
    started.on('exit', () => {
      if (child === started) child = null;
    });
  }

  async function end(signal: NodeJS.Signals) {
    const running = child;
    if (!running) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
    child = null;
  }

  const url = () => `http://127.0.0.1:${port}/`;
  const basic = (user: Credentials) => 'Basic ' + Buffer.from(`${user.name}:${user.password}`).toString('base64');

  async function fetchAs(user: Credentials | null, path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (user) headers.set('Authorization', basic(user));
    if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    return fetch(url() + path, { ...init, headers });
  }

  async function expectOk(response: Response, what: string) {
    if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  }

  await launch();

  const server: SyncServer = {
    get url() {
      return url();
    },
    get port() {
      return port;
    },
    admin,
    dir,
    get running() {
      return child !== null;
    },
    adminFetch: (path, init) => fetchAs(admin, path, init),
    fetchAs,
    async createUser(user) {
      const doc = { _id: `org.couchdb.user:${user.name}`, name: user.name, password: user.password, roles: [], type: 'user' };
      await expectOk(await fetchAs(admin, `_users/${encodeURIComponent(doc._id)}`, { method: 'PUT', body: JSON.stringify(doc) }), `create user ${user.name}`);
    },
    async createDatabase(name, members) {
      const db = encodeURIComponent(name);
      await expectOk(await fetchAs(admin, db, { method: 'PUT' }), `create database ${name}`);
      const security = { admins: { names: [], roles: [] }, members: { names: members, roles: [] } };
      await expectOk(await fetchAs(admin, `${db}/_security`, { method: 'PUT', body: JSON.stringify(security) }), `secure database ${name}`);
    },
    async createUserWithDatabase(user, database) {
      await server.createUser(user);
      await server.createDatabase(database, [user.name]);
    },
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    async restart() {
      if (child) throw new Error('the sync test server is still running');
      await launch();
    },
    async dispose() {
      await end('SIGTERM');
      if (ownDir) await rm(dir, { recursive: true, force: true });
    }
  };
  return server;
}
