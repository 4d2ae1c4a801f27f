// End-to-end encryption for sync (src/lib/sync/crypto.ts) with Node's WebCrypto, the same API the
// browser has: two devices with the same passphrase agree on keys and ids through the key check
// alone; a wrong passphrase is refused by name; ciphertext reveals and accepts nothing else.
import { describe, expect, it } from 'vitest';
import {
  createKeycheck,
  decryptBytes,
  decryptDocument,
  DEFAULT_ITERATIONS,
  encryptBytes,
  encryptDocument,
  encryptedId,
  MIN_ITERATIONS,
  UndecryptableError,
  unlockKeycheck,
  WrongPassphraseError
} from '../../src/lib/sync/crypto';

const passphrase = 'correct horse battery staple';
const log = { id: '0193a5e2-7c3b-7d11-9f2e-1b2c3d4e5f60', cardId: 'net-tcp-handshake', rating: 3, review: 1764950400000, duration: 5400 };

describe('sync encryption', () => {
  it('lets a second device with the same passphrase read what the first wrote, from the key check alone', async () => {
    const phone = await createKeycheck(passphrase, MIN_ITERATIONS);
    // The key check travels as JSON through the server.
    const onServer = JSON.parse(JSON.stringify(phone.keycheck));
    const laptop = await unlockKeycheck(passphrase, onServer);

    const id = await encryptedId(phone.keys, `log:${log.id}`);
    expect(await encryptedId(laptop, `log:${log.id}`)).toBe(id);
    const body = await encryptDocument(phone.keys, id, log);
    expect(await decryptDocument(laptop, id, JSON.parse(JSON.stringify(body)))).toEqual(log);

    const image = new Uint8Array(5000).map((_, i) => (i * 7) % 256);
    const sealed = await encryptBytes(laptop, `${id}/diagram.png`, image);
    expect(await decryptBytes(phone.keys, `${id}/diagram.png`, sealed)).toEqual(image);
  });

  it('refuses a wrong passphrase with its own error instead of decrypting into garbage', async () => {
    const { keycheck } = await createKeycheck(passphrase, MIN_ITERATIONS);
    await expect(unlockKeycheck('correct horse battery stapler', keycheck)).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(unlockKeycheck('', keycheck)).rejects.toThrow('Enter the encryption passphrase.');
  });

  it('stores nothing readable: ids and bodies hide the text, the key check holds no key', async () => {
    const { keycheck, keys } = await createKeycheck(passphrase, MIN_ITERATIONS);
    const id = await encryptedId(keys, 'card:net-tcp-handshake');
    expect(id).toMatch(/^e[A-Za-z0-9_-]{43}$/);
    const body = await encryptDocument(keys, id, { front: 'What is the TCP three-way handshake?' });
    const stored = JSON.stringify({ _id: id, ...body, keycheck });
    expect(stored).not.toMatch(/tcp|handshake|correct horse/i);
    // The same text encrypts differently each time (random IV), so equal cards are not visible as equal.
    expect((await encryptDocument(keys, id, { front: 'x' })).data).not.toBe((await encryptDocument(keys, id, { front: 'x' })).data);
  });

  it('detects a body moved to another id, tampered ciphertext, and another database’s key', async () => {
    const { keys } = await createKeycheck(passphrase, MIN_ITERATIONS);
    const other = await createKeycheck(passphrase, MIN_ITERATIONS); // same passphrase, another salt
    const a = await encryptedId(keys, 'card:a');
    const b = await encryptedId(keys, 'card:b');
    expect(await encryptedId(other.keys, 'card:a')).not.toBe(a);
    const body = await encryptDocument(keys, a, { front: 'A' });
    await expect(decryptDocument(keys, b, body)).rejects.toBeInstanceOf(UndecryptableError);
    await expect(decryptDocument(other.keys, a, body)).rejects.toBeInstanceOf(UndecryptableError);
    const bytes = Uint8Array.from(atob(body.data), (c) => c.charCodeAt(0));
    bytes[0] ^= 1;
    await expect(decryptDocument(keys, a, { ...body, data: btoa(String.fromCharCode(...bytes)) })).rejects.toBeInstanceOf(UndecryptableError);
    const sealed = await encryptBytes(keys, `${a}/x.png`, new Uint8Array([1, 2, 3]));
    await expect(decryptBytes(keys, `${b}/x.png`, sealed)).rejects.toBeInstanceOf(UndecryptableError);
  });

  it('refuses a damaged key check, or one weakened below the minimum work factor', async () => {
    const { keycheck } = await createKeycheck(passphrase, MIN_ITERATIONS);
    await expect(unlockKeycheck(passphrase, { ...keycheck, iterations: 1 })).rejects.toThrow(/damaged/);
    await expect(unlockKeycheck(passphrase, { ...keycheck, version: 2 })).rejects.toThrow(/newer version/);
    await expect(unlockKeycheck(passphrase, null)).rejects.toThrow(/damaged/);
    await expect(createKeycheck(passphrase, 1000)).rejects.toThrow(/iterations/);
  });

  it('uses the full work factor by default', async () => {
    const { keycheck, keys } = await createKeycheck(passphrase);
    expect(keycheck.iterations).toBe(DEFAULT_ITERATIONS);
    expect(keys.encryption.extractable).toBe(false);
    expect(keys.ids.extractable).toBe(false);
    expect(keycheck.salt).toHaveLength(24); // 16 bytes
  });
});
