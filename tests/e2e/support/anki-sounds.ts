import { expect, type Page } from '@playwright/test';
import { ankiCollection, ankiPackage, wavTone } from '../../fixtures/import/hostile';
import { readStore } from '../helpers';

/** Imports a package through the import page; returns the id of the imported deck. */
export async function importPackage(page: Page, name: string, bytes: Uint8Array): Promise<string> {
  await page.goto('/import');
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toBeVisible();
  const decks = await readStore<{ id: string; source: string; title: string }>(page, 'decks');
  return decks.find((d) => d.source === 'import')!.id;
}

export const soundPackage = async () =>
  ankiPackage(await ankiCollection([{ guid: 'snd1', fields: ['Listen: [sound:question.wav]', 'It was a tone. [sound:answer.wav]'] }], 'Listening'), {
    'question.wav': wavTone(3),
    'answer.wav': wavTone(2)
  });

/** The state of the sound on each side: [paused, played some of it]. */
export const soundState = (page: Page, side: 'front' | 'back') =>
  page.locator(`article.card .md.${side} audio`).evaluate((a: HTMLAudioElement) => [a.paused, a.currentTime > 0]);
