// `npm run sync-server`: a local CouchDB-compatible server for trying sync by hand. It listens on
// 127.0.0.1:5984 (SYNC_SERVER_PORT), allows the app's local origins (`npm start`, `vite dev`,
// SYNC_SERVER_ORIGINS adds more, comma-separated), and has one user with their own database.
// Data lives in a temporary folder, deleted on Ctrl-C (SYNC_SERVER_DIR keeps it somewhere).
import { startSyncServer } from './harness';

const port = Number(process.env.SYNC_SERVER_PORT ?? 5984);
const origins = ['http://127.0.0.1:4173', 'http://localhost:4173', 'http://127.0.0.1:5173', 'http://localhost:5173'];
const extra = (process.env.SYNC_SERVER_ORIGINS ?? '').split(',').map((o) => o.trim());
const user = { name: 'demo', password: 'demo-password' };
const database = 'flashcards-demo';

const server = await startSyncServer({ port, corsOrigins: [...origins, ...extra.filter(Boolean)], dir: process.env.SYNC_SERVER_DIR });
const exists = (await server.adminFetch(database)).ok;
if (!exists) await server.createUserWithDatabase(user, database);

console.log(`Sync test server (pouchdb-server) on ${server.url}
  Settings → Sync in the app:
    Server URL  ${server.url}
    Database    ${database}
    User name   ${user.name}
    Password    ${user.password}
  Server admin: ${server.admin.name} / ${server.admin.password}
  Allowed origins: ${[...origins, ...extra.filter(Boolean)].join(', ')}
  Data: ${server.dir}${process.env.SYNC_SERVER_DIR ? '' : ' (deleted on exit)'}
Ctrl-C stops it.`);

const shutdown = () => {
  void server.dispose().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
