// The Settings → Sync actions: test a connection (and a passphrase), turn sync on, turn it off.
// Turning on keeps the session and keys for the engine (session.ts), saves the device's settings
// (config.ts) and sets the status to idle; nothing here touches the app's own database.
import { loadSyncConfig, saveSyncConfig, type SyncConfig } from './config';
import { createKeycheck, KEYCHECK_ID, unlockKeycheck, WrongPassphraseError, type KeycheckDocument, type SyncKeys } from './crypto';
import { forgetKeptKeys, keepKeysOnDevice, keptKeys } from './kept-keys';
import { testConnection, signOut, type ConnectionDetails, type ConnectionResult } from './remote';
import { currentSession, databaseUrl, forgetSession, keepKeys, keepSession, sessionFetch, type RemoteSession } from './session';
import { updateSyncStatus } from './status';
import { syncNowLoaded } from './start';
import { setChangeFeed } from '../db/change-feed';
import { stopSyncWorker } from './engine/worker-client';

export interface SyncForm extends ConnectionDetails {
  /** Empty: no encryption (or, for an encrypted database, an error asking for it). */
  passphrase: string;
}

export type SetupResult = { ok: true; message: string; config: SyncConfig } | { ok: false; message: string };

/** Checks everything "Turn on" needs without saving anything; `commit` also turns sync on. */
export async function checkSync(form: SyncForm, commit = false): Promise<SetupResult> {
  const connection: ConnectionResult = await testConnection(form);
  if (!connection.ok) return { ok: false, message: connection.message };
  const { session, encrypted } = connection;
  const wantsEncryption = form.passphrase !== '';
  let keys: SyncKeys | null = null;
  let keycheck: KeycheckDocument | null = null;
  let message = connection.message;

  if (encrypted) {
    keycheck = (await (await sessionFetch(session)(`${databaseUrl(session)}/${KEYCHECK_ID}`)).json()) as KeycheckDocument;
    if (!wantsEncryption) {
      // Signing in again on a device that kept the keys made for this very key check: no passphrase needed.
      keys = await keptKeys(session, keycheck);
      if (!keys) return { ok: false, message: 'Signed in, but this database is end-to-end encrypted: enter its passphrase.' };
      message += ' This device still holds the key made from your passphrase.';
    } else {
      try {
        keys = await unlockKeycheck(form.passphrase, keycheck);
      } catch (error) {
        if (error instanceof WrongPassphraseError) return { ok: false, message: error.message };
        throw error;
      }
      message += ' The passphrase is right.';
    }
  } else if (wantsEncryption) {
    if (connection.documents > 0) {
      return { ok: false, message: 'This database already holds unencrypted data. For encrypted sync use a new, empty database.' };
    }
    if (commit) {
      const created = await createKeycheck(form.passphrase);
      const put = await sessionFetch(session)(`${databaseUrl(session)}/${KEYCHECK_ID}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(created.keycheck)
      });
      if (!put.ok) return { ok: false, message: `The server refused to store the encryption key check (HTTP ${put.status}).` };
      keys = created.keys;
      keycheck = created.keycheck;
    }
    message += ' Turning sync on will encrypt this database with your passphrase.';
  }

  const config: SyncConfig = {
    serverUrl: session.serverUrl,
    database: session.database,
    username: session.username,
    enabled: commit,
    encrypted: encrypted || wantsEncryption,
    auth: session.auth
  };
  if (commit) {
    keepSession(session);
    keepKeys(keys);
    // Kept on this device so a reload needs no passphrase (kept-keys.ts); a storage failure only means asking again.
    await (keys && keycheck ? keepKeysOnDevice(config, keys, keycheck) : forgetKeptKeys()).catch(() => undefined);
    saveSyncConfig(config);
    updateSyncStatus({ phase: 'idle', error: null });
    message = `Sync is on. ${message}`;
    // The first sync runs in the background (a new device gets everything, with a progress bar).
    void syncNowLoaded();
  }
  return { ok: true, message, config };
}

/** Signs out on the server, forgets the session and keys (also those kept on the device), and keeps the settings for next time. */
export async function turnOffSync(): Promise<void> {
  const config = loadSyncConfig();
  // After a reload only the browser remembers the cookie session: end it from the settings.
  const session: RemoteSession | null = currentSession() ?? config;
  if (session) await signOut(session);
  forgetSession();
  stopSyncWorker(); // a run under way stops; every step of it is safe to cut off
  await forgetKeptKeys();
  if (config) saveSyncConfig({ ...config, enabled: false });
  // Nothing consumes the change feed while sync is off; turning it on again sends everything.
  setChangeFeed(false);
  updateSyncStatus({ phase: 'off', progress: null, error: null });
}
