// Renders the app icons from the SVG sources with Chromium (run by hand when the design changes).
import { chromium } from '@playwright/test';
import { readFileSync, existsSync } from 'node:fs';
const here = new URL('.', import.meta.url).pathname;
const out = new URL('../../static/', import.meta.url).pathname;
const browser = await chromium.launch({
  ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
  args: ['--no-sandbox', '--disable-gpu']
});
const jobs = [
  ['icon.svg', 'icons/icon-192.png', 192],
  ['icon.svg', 'icons/icon-512.png', 512],
  ['maskable.svg', 'icons/maskable-192.png', 192],
  ['maskable.svg', 'icons/maskable-512.png', 512],
  ['icon.svg', 'icons/apple-touch-icon.png', 180]
];
for (const [src, dest, size] of jobs) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const svg = readFileSync(here + src, 'utf8');
  const bg = dest.includes('apple') ? '#2f5d50' : 'transparent';
  await page.setContent(
    `<html><body style="margin:0;background:${bg}"><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${size}" height="${size}" style="display:block"></body></html>`
  );
  await page.screenshot({ path: out + dest, omitBackground: bg === 'transparent' });
  await page.close();
}
await browser.close();
