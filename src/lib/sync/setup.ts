// The Settings → Sync actions: test a connection (and a passphrase), turn sync on, turn it off.
// Turning on keeps the session and keys for the engine (session.ts), saves the device's settings
// (config.ts) and sets the status to idle; nothing here touches the app's own database.
import { loadSyncConfig, saveSyncConfig, type SyncConfig } from './config';
import { createKeycheck, KEYCHECK_ID, unlockKeycheck, WrongPassphraseError, type SyncKeys } from './crypto';
import { testConnection, signOut, type ConnectionDetails, type ConnectionResult } from './remote';
import { currentSession, databaseUrl, forgetSession, keepKeys, keepSession, sessionFetch, type RemoteSession } from './session';
import { updateSyncStatus } from './status';

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
  let message = connection.message;

  if (encrypted) {
    if (!wantsEncryption) return { ok: false, message: `${connection.message.split('. ')[0]}. This database is end-to-end encrypted: enter its passphrase.` };
    const keycheck = await (await sessionFetch(session)(`${databaseUrl(session)}/${KEYCHECK_ID}`)).json();
    try {
      keys = await unlockKeycheck(form.passphrase, keycheck);
    } catch (error) {
      if (error instanceof WrongPassphraseError) return { ok: false, message: error.message };
      throw error;
    }
    message += ' The passphrase is right.';
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
    }
    message += ' Turning sync on will encrypt this database with your passphrase.';
  }

  const config: SyncConfig = { serverUrl: session.serverUrl, database: session.database, username: session.username, enabled: commit, encrypted: wantsEncryption, auth: session.auth };
  if (commit) {
    keepSession(session);
    keepKeys(keys);
    saveSyncConfig(config);
    updateSyncStatus({ phase: 'idle', error: null });
    message = `Sync is on. ${message}`;
  }
  return { ok: true, message, config };
}

/** Signs out on the server, forgets the session and keys, and keeps the settings for next time. */
export async function turnOffSync(): Promise<void> {
  const config = loadSyncConfig();
  // After a reload only the browser remembers the cookie session: end it from the settings.
  const session: RemoteSession | null = currentSession() ?? config;
  if (session) await signOut(session);
  forgetSession();
  if (config) saveSyncConfig({ ...config, enabled: false });
  updateSyncStatus({ phase: 'off', progress: null, error: null });
}
