// Renders the install-sheet screenshots referenced by the web manifest (run by hand against a
// served build: node scripts/icons/render-screenshots.mjs http://127.0.0.1:4173).
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
const origin = process.argv[2] ?? 'http://127.0.0.1:4173';
const out = new URL('../../static/screenshots/', import.meta.url).pathname;
const browser = await chromium.launch({
  ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
  args: ['--no-sandbox', '--disable-gpu']
});
const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
await phone.goto(`${origin}/study/shell-scripting`);
await phone.locator('article.card').waitFor();
await phone.keyboard.press('Space');
await phone.waitForTimeout(800);
await phone.screenshot({ path: out + 'phone-study.png' });
const desktop = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
await desktop.goto(`${origin}/`);
await desktop.locator('a.deck').first().waitFor();
await desktop.waitForTimeout(500);
await desktop.screenshot({ path: out + 'desktop-decks.png' });
await browser.close();
