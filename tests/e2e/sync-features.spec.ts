// What sync carries besides answers, between two browser contexts and a real server: undo of a
// synced answer, card edits, suspension and deletion, decks created and deleted (while the other
// device answers in them), imported media over an encrypted database (the server holds only
// ciphertext), and a session that ended.
import type { BrowserContext, Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import type { CardRow, DeckRow, ReviewLogRow } from '../../src/lib/db/schema';
import { answerGood, openFirstDeck, readStore, movedOn } from './helpers';
import { expectConverged, logIdsOf, newDevice, serverDocs, signIn, syncNow, turnOnSync } from './support/sync-devices';
import { expect, test } from './support/sync-server';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));
const cardOf = async (page: Page, id: string) => (await readStore<CardRow>(page, 'cards')).find((c) => c.id === id);

async function twoDevices(browser: import('@playwright/test').Browser): Promise<[BrowserContext, BrowserContext]> {
  return [await browser.newContext({ viewport: { width: 390, height: 844 } }), await browser.newContext({ viewport: { width: 390, height: 844 } })];
}

test('undo, edits, suspend, delete and decks reach the other device; a deck deleted while the other answers in it keeps the answer', async ({
  browser,
  syncServer
}) => {
  test.setTimeout(180_000);
  const contexts = await twoDevices(browser);
  try {
    const [phone, laptop] = await Promise.all(contexts.map(newDevice));
    await turnOnSync(phone, syncServer);
    await turnOnSync(laptop, syncServer);

    // Phone: a deck of its own with a card, two answers, an edit and a suspension.
    await phone.goto('/decks/new');
    await phone.getByLabel('Name').fill('Shared notes');
    await phone.getByRole('button', { name: 'Create deck' }).click();
    await phone.getByRole('link', { name: 'Add a card' }).click();
    await phone.getByLabel('Front (question, Markdown)').fill('What does `umask 027` give new files?');
    await phone.getByLabel('Back (answer, Markdown)').fill('640');
    await phone.getByRole('button', { name: 'Save' }).click();
    await expect(phone).not.toHaveURL(/\/cards\/new/);
    const deckId = await openFirstDeck(phone);
    const answered = [(await phone.locator('article.card').getAttribute('data-card-id'))!];
    await answerGood(phone);
    answered.push((await phone.locator('article.card').getAttribute('data-card-id'))!);
    await answerGood(phone);
    const suspended = (await phone.locator('article.card').getAttribute('data-card-id'))!;
    await phone.getByRole('button', { name: 'Suspend' }).click();
    await movedOn(phone.locator('article.card'), suspended);
    await phone.goto(`/cards/${encodeURIComponent(answered[0])}`);
    await phone.getByLabel('Back (answer, Markdown)').fill('Edited on the phone');
    await phone.getByRole('button', { name: 'Save' }).click();
    await expect(phone).not.toHaveURL(/\/cards\//);
    await syncNow(phone);
    await syncNow(laptop);

    const ownDeck = (await readStore<DeckRow>(laptop, 'decks')).find((d) => d.title === 'Shared notes');
    expect(ownDeck, 'the new deck').toBeDefined();
    expect((await readStore<CardRow>(laptop, 'cards')).filter((c) => c.deckId === ownDeck!.id).map((c) => c.back)).toEqual(['640']);
    expect(await cardOf(laptop, answered[0])).toMatchObject({ back: 'Edited on the phone', reps: 1 });
    expect(await cardOf(laptop, suspended)).toMatchObject({ suspended: true });
    const fresh = await cardOf(laptop, suspended); // never answered: its schedule is what a card is before its first answer
    await expectConverged([phone, laptop], syncServer, await logIdsOf(phone));

    // Laptop, offline: answers the card of "Shared notes" and deletes a built-in card.
    await contexts[1].setOffline(true);
    await laptop.goto('/');
    await laptop.locator(`a.deck[data-deck="${ownDeck!.id}"]`).click();
    const ownCard = (await laptop.locator('article.card').getAttribute('data-card-id'))!;
    await laptop.getByRole('button', { name: 'Show answer' }).click();
    await laptop.locator('[data-grade=good]').click();
    await expect.poll(async () => (await readStore<ReviewLogRow>(laptop, 'reviewLogs')).some((l) => l.cardId === ownCard)).toBe(true);
    const deleted = (await readStore<CardRow>(laptop, 'cards')).find((c) => c.deckId === deckId && !answered.includes(c.id) && c.id !== suspended)!.id;
    await laptop.goto(`/cards/${encodeURIComponent(deleted)}`);
    await laptop.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(laptop.getByText('Card deleted')).toBeVisible();

    // Phone, meanwhile: undoes its last (already synced) answer and deletes "Shared notes".
    await phone.goto(`/study/${deckId}`);
    await phone.getByRole('button', { name: /Undo/ }).click();
    await expect(phone.locator('article.card')).toHaveAttribute('data-card-id', answered[1]);
    await phone.goto('/');
    await phone.getByRole('link', { name: 'Options for Shared notes' }).click();
    await phone.getByRole('button', { name: 'Delete deck…' }).click();
    await phone.getByRole('alertdialog').getByRole('button', { name: 'Delete deck' }).click();
    await expect(phone).toHaveURL(/\/$/);
    await syncNow(phone);
    await contexts[1].setOffline(false);
    await syncNow(laptop);
    await syncNow(phone);

    const laptopAnswer = (await readStore<ReviewLogRow>(laptop, 'reviewLogs')).find((l) => l.cardId === ownCard)!;
    const phoneAnswer = (await readStore<ReviewLogRow>(phone, 'reviewLogs')).find((l) => l.cardId === answered[0])!;
    // The undone answer is gone everywhere; the answer in the deleted deck stays in the history.
    await expectConverged([phone, laptop], syncServer, [phoneAnswer.id, laptopAnswer.id]);
    for (const page of [phone, laptop]) {
      const undone = (await cardOf(page, answered[1]))!;
      expect({ reps: undone.reps, state: undone.state }, 'the undone card is new again').toEqual({ reps: 0, state: fresh!.state });
      expect(await readStore<DeckRow>(page, 'decks').then((d) => d.some((x) => x.id === ownDeck!.id)), 'the deleted deck').toBe(false);
      expect(await cardOf(page, ownCard), "the deleted deck's card").toBeUndefined();
      expect((await cardOf(page, deleted))?.deleted, 'the deleted card').toBe(true);
      expect(await cardOf(page, suspended)).toMatchObject({ suspended: true });
    }
  } finally {
    for (const context of contexts) await context.close();
  }
});

test('encrypted sync: an Anki deck with images reaches the other device, which shows them offline; the server holds only ciphertext', async ({
  browser,
  syncServer
}) => {
  test.setTimeout(150_000);
  const passphrase = 'correct horse battery staple';
  const contexts = await twoDevices(browser);
  try {
    const [phone, laptop] = await Promise.all(contexts.map(newDevice));
    await phone.goto('/import');
    await phone.getByTestId('import-file').setInputFiles(fixture('sample.apkg'));
    await phone.getByTestId('import-confirm').click();
    await expect(phone.getByTestId('import-done')).toContainText('8 new cards, 2 reviews of history, 3 images and sounds.');
    await phone.getByRole('link', { name: 'Study now' }).click();
    await expect(phone.locator('article.card')).toContainText('What does TCP stand for?');
    await answerGood(phone);
    const deck = (await readStore<DeckRow>(phone, 'decks')).find((d) => d.source === 'import')!;
    const logs = await readStore<ReviewLogRow>(phone, 'reviewLogs');
    await turnOnSync(phone, syncServer, { passphrase });

    // Over plain HTTP, as the server's admin: no readable id, no card text, no image bytes.
    const raw = await (await syncServer.adminFetch('alice/_all_docs?include_docs=true&attachments=true')).text();
    const docs = await serverDocs(syncServer);
    expect(docs.length).toBeGreaterThan(10);
    for (const { id } of docs) expect(id, 'an opaque id').toMatch(/^(_local\/.*|sync-keycheck|[A-Za-z0-9_-]{20,})$/);
    // (Phrases, not short words: three letters turn up in kilobytes of base64 ciphertext by chance.)
    for (const secret of [
      'What does TCP stand for',
      'der Hund',
      deck.id,
      deck.title,
      logs[0].id,
      logs[0].cardId,
      'dog.png',
      'image/png',
      'iVBORw0KGgo' /* PNG, base64 */
    ]) {
      expect(raw, `the server's copy mentions ${secret}`).not.toContain(secret);
    }
    // Every attachment, decoded: no PNG or MP3 bytes.
    const files = docs.flatMap(({ doc }) => Object.values((doc._attachments ?? {}) as Record<string, { data?: string }>));
    expect(files.length).toBe(3);
    const rawDocs = (JSON.parse(raw) as { rows: { doc: { _attachments?: Record<string, { data: string }> } }[] }).rows;
    for (const { doc } of rawDocs)
      for (const file of Object.values(doc._attachments ?? {})) {
        const bytes = Buffer.from(file.data, 'base64');
        expect(bytes.subarray(0, 4).toString('hex'), 'an encrypted file').not.toMatch(/^(89504e47|49443303|fffb)/);
      }

    await turnOnSync(laptop, syncServer, { passphrase });
    // The answer given here and the package's own review history (revlog) both travel.
    await expectConverged(
      [phone, laptop],
      syncServer,
      logs.map((l) => l.id),
      { encrypted: true }
    );
    expect((await readStore(laptop, 'media')).length).toBe(3);
    // Offline, the laptop studies the deck with its images from IndexedDB.
    await contexts[1].setOffline(true);
    await laptop.goto(`/study/${encodeURIComponent(deck.id)}`);
    const card = laptop.locator('article.card');
    await expect(card).toContainText('der Hund');
    await laptop.keyboard.press('Space');
    await expect.poll(() => card.locator('.back img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
  } finally {
    for (const context of contexts) await context.close();
  }
});

test('a session that ended (cookie gone) says "sign in again" instead of failing silently; signing in syncs again', async ({
  browser,
  syncServer
}, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const phone = await newDevice(context);
    await turnOnSync(phone, syncServer);
    await openFirstDeck(phone);
    await answerGood(phone);
    await context.clearCookies();
    await phone.goto('/settings/sync');
    await phone.getByTestId('sync-now').click();
    await expect(phone.getByTestId('sync-phase')).toHaveText('Signed out: sign in again');
    await expect(phone.getByTestId('sync-error')).toHaveText('The server asks to sign in again.');
    await expect(phone.getByText('Enter your password')).toBeVisible();
    await phone.screenshot({ path: testInfo.outputPath('sync-signed-out.png'), fullPage: true });
    await signIn(phone, syncServer);
    await syncNow(phone);
    await expectConverged([phone], syncServer, await logIdsOf(phone));
  } finally {
    await context.close();
  }
});
