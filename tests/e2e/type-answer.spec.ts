import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { typeTarget } from '../../src/lib/study/type-answer';
import { readStore, movedOn } from './helpers';

interface CardRow {
  id: string;
  deckId: string;
  back: string;
  reps: number;
  suspended: boolean;
  typeIn?: { expected: string };
}

async function axe(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Turns on the deck option "Type the answer" for the first deck and opens it for study. */
async function studyByTyping(page: Page): Promise<string> {
  await page.goto('/');
  const deck = page.locator('a.deck').first();
  await deck.waitFor();
  const deckId = (await deck.getAttribute('data-deck'))!;
  await page.goto(`/decks/${deckId}`);
  await page.getByTestId('type-answer-option').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.goto(`/study/${deckId}`);
  await page.locator('article.card').waitFor();
  return deckId;
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`type the answer on a phone: Enter reveals the typed answer compared character by character; grading stays the user's (${colorScheme})`, async ({
    page
  }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    await studyByTyping(page);
    const article = page.locator('article.card');
    const cardId = (await article.getAttribute('data-card-id'))!;
    const card = (await readStore<CardRow>(page, 'cards')).find((c) => c.id === cardId)!;
    const target = typeTarget(card);
    expect(target.text.length).toBeGreaterThan(2);

    const input = page.getByTestId('type-answer-input');
    await expect(input).toBeVisible();
    // Not focused on a phone: the on-screen keyboard would cover the question.
    await expect(input).not.toBeFocused();
    const box = (await input.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    await input.tap();
    // Shortcut keys are text while typing: nothing is graded, suspended, buried or edited.
    const typed = `1sb${target.text.slice(0, -2)}`;
    await input.pressSequentially(typed);
    await expect(input).toHaveValue(typed);
    await expect(article).toHaveAttribute('data-card-id', cardId);
    await expect(page).toHaveURL(/\/study\//);
    await expect(page.getByRole('button', { name: 'Show answer' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`type-answer-question-${colorScheme}.png`) });
    // With an on-screen keyboard up, about half of the 844px is left: the question and the input stay in view.
    await page.setViewportSize({ width: 390, height: 420 });
    await expect(input).toBeInViewport();
    await expect(article.locator('.front')).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath(`type-answer-keyboard-${colorScheme}.png`) });
    await page.setViewportSize({ width: 390, height: 844 });
    await axe(page, 'question with input');

    await input.press('Enter');
    const compared = page.getByTestId('type-compare');
    await expect(compared).toBeVisible();
    // The typed line keeps every typed character; the extra "1sb" is marked wrong, the last two expected characters missing.
    await expect(page.getByTestId('typed-line')).toHaveText(typed);
    await expect(page.getByTestId('typed-line').locator('.bad').first()).toHaveText(/^1sb/);
    await expect(page.getByTestId('expected-line')).toHaveText(target.code ? target.text.replace(/\s+/g, ' ').trim() : target.text.trim());
    await expect(page.getByTestId('expected-line').locator('.missing').last()).toHaveText(target.text.trim().slice(-2));
    await expect(compared.getByRole('status')).toContainText('Typed answer differs: 3 wrong and 2 missing characters');
    // Nothing was graded by the comparison: the grade buttons wait for the user.
    await expect(page.locator('[data-grade=good]')).toBeVisible();
    expect((await readStore<CardRow>(page, 'cards')).find((c) => c.id === cardId)!.reps).toBe(0);
    await page.screenshot({ path: testInfo.outputPath(`type-answer-compared-${colorScheme}.png`) });
    await axe(page, 'answer with comparison');

    await page.locator('[data-grade=good]').click();
    await movedOn(article, cardId);
    await expect.poll(async () => (await readStore<CardRow>(page, 'cards')).find((c) => c.id === cardId)!.reps).toBe(1);
    // The next card asks again, with an empty input.
    await expect(page.getByTestId('type-answer-input')).toHaveValue('');
  });
}

test('an exact typed answer is shown as right; without the deck option there is no input', async ({ page }) => {
  await page.goto('/');
  const deck = page.locator('a.deck').first();
  await deck.waitFor();
  const deckId = (await deck.getAttribute('data-deck'))!;
  await page.goto(`/study/${deckId}`);
  await page.locator('article.card').waitFor();
  await expect(page.getByTestId('type-answer-input')).toHaveCount(0);

  await studyByTyping(page);
  const cardId = (await page.locator('article.card').getAttribute('data-card-id'))!;
  const target = typeTarget((await readStore<CardRow>(page, 'cards')).find((c) => c.id === cardId)!);
  await page.getByTestId('type-answer-input').fill(target.text);
  await page.getByTestId('type-answer-input').press('Enter');
  await expect(page.getByTestId('type-compare')).toContainText('Exactly right');
  await expect(page.getByTestId('expected-line')).toHaveCount(0);
});
