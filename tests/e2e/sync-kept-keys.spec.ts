// Encrypted sync keeps its keys across reloads (src/lib/sync/kept-keys.ts): the passphrase is
// entered once; after a reload "Sync now" sends a new answer, which another device decrypts.
// Turning sync off deletes the kept keys: signing in again then needs the passphrase.
import type { Page } from '@playwright/test';
import { answerGood, openFirstDeck } from './helpers';
import { expectConverged, logIdsOf, newDevice, signIn, syncNow, turnOnSync } from './support/sync-devices';
import { alice, expect, test } from './support/sync-server';

const PASSPHRASE = 'correct horse battery staple';

/** What the device's secrets store holds: its keys and whether each value is a CryptoKey (never its bytes). */
const deviceSecrets = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ key: string; cryptoKeys: string[] }[]>((resolve, reject) => {
        const open = indexedDB.open('interview-flashcards-device');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('secrets')) return resolve([]);
          const store = db.transaction('secrets').objectStore('secrets');
          const keys = store.getAllKeys();
          const values = store.getAll();
          values.onsuccess = () => {
            db.close();
            resolve(
              (keys.result as string[]).map((key, i) => ({
                key,
                cryptoKeys: Object.entries(values.result[i] as Record<string, unknown>)
                  .filter(([, v]) => v instanceof CryptoKey && !(v as CryptoKey).extractable)
                  .map(([k]) => k)
              }))
            );
          };
        };
      })
  );

test('encrypted sync: a reload needs no passphrase, another device reads what was sent, turning sync off forgets the keys', async ({
  browser,
  syncServer
}, testInfo) => {
  test.setTimeout(180_000);
  const contexts = [await browser.newContext({ viewport: { width: 390, height: 844 } }), await browser.newContext({ viewport: { width: 390, height: 844 } })];
  try {
    const [phone, laptop] = await Promise.all(contexts.map(newDevice));
    await turnOnSync(phone, syncServer, { passphrase: PASSPHRASE });
    expect(await deviceSecrets(phone)).toEqual([{ key: expect.stringMatching(/^sync-keys:/), cryptoKeys: ['encryption', 'ids'] }]);

    // Answer, reload: the status is not "needs the passphrase", and "Sync now" sends the answer.
    await openFirstDeck(phone);
    await answerGood(phone);
    await phone.reload();
    await syncNow(phone);
    await expect(phone.getByTestId('sync-phase')).toHaveText('On');

    // Another device with the passphrase gets that answer, decrypted.
    await turnOnSync(laptop, syncServer, { passphrase: PASSPHRASE });
    await expectConverged([phone, laptop], syncServer, await logIdsOf(phone), { encrypted: true });
    expect(await logIdsOf(phone)).toHaveLength(1);

    // Signing in again (a session that ended) on the phone needs no passphrase either: the kept keys match the server's key check.
    await phone.reload();
    await signIn(phone, syncServer);
    await expect(phone.getByTestId('sync-result')).toContainText('still holds the key');
    await phone.screenshot({ path: testInfo.outputPath('sync-kept-keys.png'), fullPage: true });

    // Turning sync off deletes the keys; signing in again asks for the passphrase.
    await phone.goto('/settings/sync');
    await phone.getByRole('button', { name: 'Turn sync off' }).click();
    await expect(phone.getByTestId('sync-result')).toContainText('Sync is off.');
    expect(await deviceSecrets(phone)).toEqual([]);
    await phone.reload();
    await phone.getByLabel('Password', { exact: true }).fill(alice.password);
    await phone.getByRole('button', { name: 'Turn sync on' }).click();
    await expect(phone.getByTestId('sync-result')).toHaveText('Signed in, but this database is end-to-end encrypted: enter its passphrase.');
  } finally {
    for (const context of contexts) await context.close();
  }
});
