// The sync settings of a device (src/lib/sync/config.ts), the address checks that run before any
// request (server-url.ts), and the status in words (status-text.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { loadSyncConfig, saveSyncConfig, SYNC_CONFIG_KEY, syncConfigured, type SyncConfig } from '../../src/lib/sync/config';
import { checkDatabaseName, checkServerUrl } from '../../src/lib/sync/server-url';
import { describeStatus } from '../../src/lib/sync/status-text';

const memory = new Map<string, string>();
globalThis.localStorage ??= {
  getItem: (k: string) => memory.get(k) ?? null,
  setItem: (k: string, v: string) => void memory.set(k, v),
  removeItem: (k: string) => void memory.delete(k),
  clear: () => memory.clear(),
  key: () => null,
  length: 0
} as Storage;

const config: SyncConfig = { serverUrl: 'https://couch.example.org/', database: 'alice', username: 'alice', enabled: true, encrypted: false, auth: 'cookie' };

afterEach(() => localStorage.removeItem(SYNC_CONFIG_KEY));

describe('sync settings', () => {
  it('are read back as saved, and syncConfigured follows the on/off switch', () => {
    expect(syncConfigured()).toBe(false);
    saveSyncConfig(config);
    expect(loadSyncConfig()).toEqual(config);
    expect(syncConfigured()).toBe(true);
    saveSyncConfig({ ...config, enabled: false });
    expect(syncConfigured()).toBe(false);
  });

  it('count as not configured when the stored entry is damaged', () => {
    localStorage.setItem(SYNC_CONFIG_KEY, '{"serverUrl":');
    expect(syncConfigured()).toBe(false);
    localStorage.setItem(SYNC_CONFIG_KEY, JSON.stringify({ ...config, auth: 'token' }));
    expect(loadSyncConfig()).toBeNull();
  });

  it('never hold a password', () => {
    saveSyncConfig(config);
    expect(localStorage.getItem(SYNC_CONFIG_KEY)).not.toMatch(/password|passphrase/i);
  });
});

describe('server address', () => {
  it('accepts https anywhere and http on this computer, normalized with a trailing slash', () => {
    expect(checkServerUrl(' https://couch.example.org ')).toEqual({ ok: true, url: 'https://couch.example.org/' });
    expect(checkServerUrl('https://example.org/couchdb?x=1#y')).toEqual({ ok: true, url: 'https://example.org/couchdb/' });
    expect(checkServerUrl('http://127.0.0.1:5984')).toEqual({ ok: true, url: 'http://127.0.0.1:5984/' });
    expect(checkServerUrl('http://localhost:5984/')).toEqual({ ok: true, url: 'http://localhost:5984/' });
  });

  it('refuses what the browser or the app would block, saying why', () => {
    expect(checkServerUrl('http://192.168.1.20:5984')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/https:\/\/ for a server on another computer/)
    });
    expect(checkServerUrl('couch.example.org')).toMatchObject({ ok: false, message: expect.stringMatching(/not a web address/) });
    expect(checkServerUrl('ftp://couch.example.org')).toMatchObject({ ok: false, message: expect.stringMatching(/must start with https/) });
    expect(checkServerUrl('https://alice:secret@couch.example.org')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Leave the user name and password out/)
    });
    expect(checkServerUrl('')).toMatchObject({ ok: false });
    // Each message describes what was typed.
    expect(checkServerUrl('javascript:alert(1)')).toEqual({ ok: false, message: 'The address must start with https:// (it starts with javascript:).' });
    expect(checkServerUrl('FTP://couch.example.org')).toEqual({ ok: false, message: 'The address must start with https:// (it starts with FTP://).' });
    expect(checkServerUrl('https://couch.example.org:99999')).toEqual({
      ok: false,
      message: '"https://couch.example.org:99999" is not a valid web address: check the server name and port for typos.'
    });
  });

  it('checks database names by CouchDB’s rule', () => {
    expect(checkDatabaseName('userdb-616c696365')).toEqual({ ok: true, name: 'userdb-616c696365' });
    expect(checkDatabaseName('Alice')).toMatchObject({ ok: false, message: expect.stringMatching(/lowercase letter/) });
    expect(checkDatabaseName('_users')).toMatchObject({ ok: false });
  });
});

describe('sync status in words', () => {
  const base = { phase: 'idle' as const, lastSyncAt: null, pending: null, progress: null, error: null };
  it('names each part', () => {
    expect(describeStatus(base, 0)).toEqual({ phase: 'On', lastSync: 'Never', pending: 'Not counted yet', error: null });
    expect(describeStatus({ ...base, lastSyncAt: 1000, pending: 0 }, 1000 + 5 * 60_000)).toMatchObject({ lastSync: '5 minutes ago', pending: 'None' });
    expect(describeStatus({ ...base, phase: 'syncing', progress: { direction: 'pull', done: 40, total: 200 } }, 0).phase).toBe('Receiving 40 of 200…');
    expect(describeStatus({ ...base, phase: 'syncing', progress: { direction: 'pull', done: 40, total: 200, estimated: true } }, 0).phase).toBe(
      'Receiving 40 of about 200…'
    );
    expect(describeStatus({ ...base, phase: 'syncing', progress: { direction: 'push', stage: 'wait', done: 0, total: null } }, 0).phase).toBe(
      'Waiting for another tab…'
    );
  });
});
