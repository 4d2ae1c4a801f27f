// A CouchDB-compatible test server: pouchdb-server's own engine (express-pouchdb over PouchDB 7,
// resolved from the pouchdb-server package so the versions are the ones it ships with), set up
// as its CLI does, plus one guard its CLI lacks (see below). Started by harness.ts as a child
// process so a test can kill it like a crashed server. Settings come as one JSON argument:
// { port, host, dir, inMemory, admin: { name, password }, corsOrigins: string[] }.
// Prints `{"listening": <port>}` on stdout once it accepts connections.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const settings = JSON.parse(process.argv[2]);
const fromPouchdbServer = createRequire(createRequire(import.meta.url).resolve('pouchdb-server/package.json'));
const express = fromPouchdbServer('express');
const expressPouchdb = fromPouchdbServer('express-pouchdb');
const PouchDB = fromPouchdbServer('pouchdb-core')
  .plugin(fromPouchdbServer('pouchdb-adapter-http'))
  .plugin(fromPouchdbServer('pouchdb-replication'))
  .plugin(fromPouchdbServer('pouchdb-mapreduce'))
  .plugin(fromPouchdbServer(settings.inMemory ? 'pouchdb-adapter-memory' : 'pouchdb-adapter-leveldb'));

fs.mkdirSync(settings.dir, { recursive: true });
// express-pouchdb keeps its CouchDB-style configuration (admins, CORS, log) in this file.
const configPath = path.join(settings.dir, 'config.json');
// The session secret survives a restart, as CouchDB keeps it in its ini file: signed-in browsers stay signed in.
const previous = fs.existsSync(configPath) ? JSON.parse(fs.readFileSync(configPath, 'utf8')) : {};
const secret = previous.couch_httpd_auth?.secret ?? crypto.randomBytes(16).toString('hex');
fs.writeFileSync(
  configPath,
  JSON.stringify({
    admins: { [settings.admin.name]: settings.admin.password },
    httpd: { enable_cors: true },
    cors: { origins: settings.corsOrigins.join(', '), credentials: true },
    log: { file: path.join(settings.dir, 'couch.log'), level: 'warning' },
    // CouchDB 3 keeps a session for 10 minutes of inactivity; tests never wait that long.
    couch_httpd_auth: { timeout: 600, secret }
  })
);

const pouchApp = expressPouchdb(PouchDB.defaults({ prefix: settings.dir + path.sep }), { configPath });

const app = express();
// CORS as pouchdb-server's CLI does it, from the [cors] section above (credentials allowed).
app.use(fromPouchdbServer('./lib/cors')(pouchApp.couchConfig));
// pouchdb-server lets the request reach PouchDB before checking that the caller is a server
// admin, and then crashes (PUT /db) or wedges every later database open (DELETE /db): refuse
// database creation and deletion, and the list of all databases, to anyone but the admin, as
// CouchDB 3 does, before express-pouchdb sees the request.
const adminAuth = 'Basic ' + Buffer.from(`${settings.admin.name}:${settings.admin.password}`).toString('base64');
app.use((req, res, next) => {
  // A database is a path of one segment that starts with a letter, or a system database
  // (`/_session`, `/_uuids`… are endpoints, not databases).
  const name = /^\/([^/]+)\/?$/.exec(req.path)?.[1];
  const database = name !== undefined && (/^[a-z]/.test(name) || name === '_users' || name === '_replicator');
  const dbLevel = database && (req.method === 'PUT' || req.method === 'DELETE');
  const allDbs = req.path === '/_all_dbs';
  if ((dbLevel || allDbs) && req.headers.authorization !== adminAuth) {
    res.status(401).json({ error: 'unauthorized', reason: 'You are not a server admin.' });
    return;
  }
  next();
});
app.use(pouchApp);

const server = app.listen(settings.port, settings.host, () => {
  process.stdout.write(JSON.stringify({ listening: server.address().port }) + '\n');
});
server.on('error', (error) => {
  process.stderr.write(`sync test server: ${error.message}\n`);
  process.exit(1);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  // A browser still open keeps idle keep-alive connections, which would hold close() (and a test's teardown) forever.
  server.closeAllConnections();
});
// The harness holds our stdin open: when it goes away (a test runner killed), so do we. (So
// started by hand, give it an open stdin: `node server.mjs '{…}' < /dev/tty`.)
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGINT', () => process.exit(0));
