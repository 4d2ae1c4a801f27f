// End-to-end encryption for sync (WebCrypto only). A passphrase and a random salt make, through
// PBKDF2-SHA256 and then HKDF, three independent values: an AES-GCM key for document bodies and
// attachments, an HMAC key for document ids, and a check value. The salt, iteration count and
// check value sit in one plain document on the server (KEYCHECK_ID), so every device derives the
// same keys from the same passphrase, and a wrong passphrase is refused by name instead of
// decrypting into garbage. The check value reveals nothing about the keys (HKDF outputs are
// independent); the server sees only ciphertext and HMAC ids.

export const KEYCHECK_ID = 'sync-keycheck';
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about half a second on a phone, once per sign-in. */
export const DEFAULT_ITERATIONS = 600_000;
/** Below this a keycheck is refused as damaged (tests use it to stay fast). */
export const MIN_ITERATIONS = 10_000;

export interface KeycheckDocument {
  _id: typeof KEYCHECK_ID;
  type: 'keycheck';
  version: 1;
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  /** base64, 16 random bytes */
  salt: string;
  /** base64, 32 bytes derived from the passphrase (HKDF "check") */
  check: string;
}

export interface SyncKeys {
  /** AES-GCM 256, non-extractable */
  encryption: CryptoKey;
  /** HMAC-SHA256, non-extractable */
  ids: CryptoKey;
}

/** An encrypted document body as stored on the server. */
export interface EncryptedBody {
  /** base64, 12 random bytes */
  iv: string;
  /** base64 AES-GCM ciphertext with its tag */
  data: string;
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('This passphrase does not match the one this database was encrypted with.');
    this.name = 'WrongPassphraseError';
  }
}

export class UndecryptableError extends Error {
  constructor(what: string) {
    super(`${what} could not be decrypted: it was changed on the server or encrypted with another key.`);
    this.name = 'UndecryptableError';
  }
}

const subtle = () => globalThis.crypto.subtle;
const utf8 = new TextEncoder();
const INFO = { encryption: 'flashcards-sync encryption v1', ids: 'flashcards-sync ids v1', check: 'flashcards-sync keycheck v1' };

/** A new key check for a database that is not encrypted yet, and the keys it stands for. */
export async function createKeycheck(passphrase: string, iterations = DEFAULT_ITERATIONS): Promise<{ keycheck: KeycheckDocument; keys: SyncKeys }> {
  if (iterations < MIN_ITERATIONS) throw new Error(`At least ${MIN_ITERATIONS} PBKDF2 iterations are needed.`);
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const master = await masterKey(passphrase, salt, iterations);
  const keycheck: KeycheckDocument = {
    _id: KEYCHECK_ID,
    type: 'keycheck',
    version: 1,
    kdf: 'PBKDF2-SHA256',
    iterations,
    salt: toBase64(salt),
    check: toBase64(await checkValue(master))
  };
  return { keycheck, keys: await deriveKeys(master) };
}

/** The keys for a database's key check, or WrongPassphraseError. */
export async function unlockKeycheck(passphrase: string, keycheck: unknown): Promise<SyncKeys> {
  const doc = validKeycheck(keycheck);
  const master = await masterKey(passphrase, fromBase64(doc.salt), doc.iterations);
  if (!sameBytes(await checkValue(master), fromBase64(doc.check))) throw new WrongPassphraseError();
  return deriveKeys(master);
}

/** The server-side id of a document: the same on every device with the same passphrase, unreadable without it. */
export async function encryptedId(keys: SyncKeys, plainId: string): Promise<string> {
  const mac = new Uint8Array(await subtle().sign('HMAC', keys.ids, utf8.encode(plainId)));
  return 'e' + toBase64(mac).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A JSON body, bound to its document id (a body moved to another id does not decrypt). */
export async function encryptDocument(keys: SyncKeys, id: string, body: unknown): Promise<EncryptedBody> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const data = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8.encode(id) }, keys.encryption, utf8.encode(JSON.stringify(body)));
  return { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

export async function decryptDocument<T = unknown>(keys: SyncKeys, id: string, body: EncryptedBody): Promise<T> {
  try {
    const plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: fromBase64(body.iv), additionalData: utf8.encode(id) },
      keys.encryption,
      fromBase64(body.data)
    );
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  } catch {
    throw new UndecryptableError(`Document ${id}`);
  }
}

/** Attachment bytes, bound to `${documentId}/${name}`: 12 bytes of IV, then ciphertext and tag. */
export async function encryptBytes(keys: SyncKeys, binding: string, bytes: Uint8Array): Promise<Uint8Array> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8.encode(binding) }, keys.encryption, bytes as BufferSource));
  const out = new Uint8Array(iv.length + data.length);
  out.set(iv);
  out.set(data, iv.length);
  return out;
}

export async function decryptBytes(keys: SyncKeys, binding: string, bytes: Uint8Array): Promise<Uint8Array> {
  try {
    const plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, 12) as BufferSource, additionalData: utf8.encode(binding) },
      keys.encryption,
      bytes.subarray(12) as BufferSource
    );
    return new Uint8Array(plain);
  } catch {
    throw new UndecryptableError(`Attachment ${binding}`);
  }
}

async function masterKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  if (!passphrase) throw new Error('Enter the encryption passphrase.');
  // NFC: the same passphrase typed on two keyboards gives the same bytes.
  const material = await subtle().importKey('raw', utf8.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, 256);
  return subtle().importKey('raw', bits, 'HKDF', false, ['deriveKey', 'deriveBits']);
}

function hkdf(info: string) {
  return { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8.encode(info) };
}

async function deriveKeys(master: CryptoKey): Promise<SyncKeys> {
  const [encryption, ids] = await Promise.all([
    subtle().deriveKey(hkdf(INFO.encryption), master, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    subtle().deriveKey(hkdf(INFO.ids), master, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign'])
  ]);
  return { encryption, ids };
}

async function checkValue(master: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await subtle().deriveBits(hkdf(INFO.check), master, 256));
}

function validKeycheck(value: unknown): KeycheckDocument {
  const doc = value as KeycheckDocument;
  const ok =
    typeof doc === 'object' &&
    doc !== null &&
    doc.version === 1 &&
    doc.kdf === 'PBKDF2-SHA256' &&
    Number.isInteger(doc.iterations) &&
    doc.iterations >= MIN_ITERATIONS &&
    typeof doc.salt === 'string' &&
    typeof doc.check === 'string';
  if (!ok) throw new Error('The encryption key check on the server is damaged or from a newer version of the app.');
  return doc;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
