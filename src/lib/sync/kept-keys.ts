// The encryption keys survive a reload without the passphrase: the two non-extractable CryptoKeys
// (crypto.ts) are kept in this device's secrets store (db/device-secrets.ts), which no backup,
// change feed or sync ever reads, together with the key check they were made for. They are
// forgotten when sync is turned off (signed out) or turned on without encryption.
import { deleteDeviceSecrets, readDeviceSecret, writeDeviceSecret } from '../db/device-secrets';
import { contentHash } from '../decks/hash';
import type { SyncConfig } from './config';
import type { KeycheckDocument, SyncKeys } from './crypto';

const PREFIX = 'sync-keys:';

type Target = Pick<SyncConfig, 'serverUrl' | 'database' | 'username'>;

interface KeptKeys extends SyncKeys {
  /** The key check's salt and check value: the same passphrase-derived keys only while the server's key check is this one. */
  salt: string;
  check: string;
}

const slot = (t: Target) => PREFIX + contentHash(`${t.serverUrl}|${t.database}|${t.username}`);

/** Keeps `keys` (made for `keycheck`) for this server database, replacing any kept before. */
export async function keepKeysOnDevice(target: Target, keys: SyncKeys, keycheck: Pick<KeycheckDocument, 'salt' | 'check'>): Promise<void> {
  await deleteDeviceSecrets(PREFIX);
  const kept: KeptKeys = { encryption: keys.encryption, ids: keys.ids, salt: keycheck.salt, check: keycheck.check };
  await writeDeviceSecret(slot(target), kept);
}

/** The keys kept for this server database, or null; with `keycheck`, only if they were made for that key check. */
export async function keptKeys(target: Target, keycheck?: Pick<KeycheckDocument, 'salt' | 'check'>): Promise<SyncKeys | null> {
  const kept = await readDeviceSecret<KeptKeys>(slot(target));
  if (!kept || !(kept.encryption instanceof CryptoKey) || !(kept.ids instanceof CryptoKey)) return null;
  if (keycheck && (kept.salt !== keycheck.salt || kept.check !== keycheck.check)) return null;
  return { encryption: kept.encryption, ids: kept.ids };
}

/** Forgets every kept key (sign-out). Never throws: a device whose store cannot be opened has nothing kept. */
export async function forgetKeptKeys(): Promise<void> {
  await deleteDeviceSecrets(PREFIX).catch(() => undefined);
}
