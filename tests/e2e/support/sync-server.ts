// A Playwright fixture: each test that names `syncServer` gets its own CouchDB-compatible server
// (tests/sync-server/harness.ts) on 127.0.0.1 that allows the app's origin, stopped and deleted
// after the test. `alice` and `bob` each own one database (`alice`, `bob`).
import { test as base } from '@playwright/test';
import { startSyncServer, type Credentials, type SyncServer } from '../../sync-server/harness';

export const alice: Credentials = { name: 'alice', password: 'alice-password' };
export const bob: Credentials = { name: 'bob', password: 'bob-password' };

export const test = base.extend<{ syncServer: SyncServer }>({
  syncServer: async ({ baseURL }, use) => {
    const server = await startSyncServer({ corsOrigins: [new URL(baseURL!).origin] });
    try {
      await server.createUserWithDatabase(alice, 'alice');
      await server.createUserWithDatabase(bob, 'bob');
      await use(server);
    } finally {
      await server.dispose();
    }
  }
});

export { expect } from '@playwright/test';
