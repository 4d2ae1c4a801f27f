import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

// Debian's Chromium when present (Playwright cannot download browsers here), else Playwright's own.
const debianChromium = '/usr/bin/chromium';
const launchOptions = {
  ...(existsSync(debianChromium) ? { executablePath: debianChromium } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
};

// Study days roll over at 04:00 local time, and the tests that study assume the day does not change
// under them (a run straddling 04:00 failed three of them). So the browser runs in the fixed-offset
// zone where the run starts at about noon; at noon local time, UTC is on the same date. Tests that
// need a particular zone set their own (stats.spec, load-balance.spec).
function zoneNearNoon(now = new Date()): string {
  const hoursAhead = 12 - now.getUTCHours(); // -11..12, and Etc/GMT's sign is inverted
  return hoursAhead === 0 ? 'Etc/GMT' : `Etc/GMT${hoursAhead > 0 ? '-' : '+'}${Math.abs(hoursAhead)}`;
}
const timezoneId = process.env.E2E_TIMEZONE ?? zoneNearNoon();

const port = Number(process.env.E2E_PORT ?? 4173);
// The built app to test (E2E_BUILD_DIR lets several builds be tested side by side).
const buildDir = process.env.E2E_BUILD_DIR ?? 'build';

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions,
    timezoneId,
    trace: 'retain-on-failure'
  },
  projects: [{ name: 'phone', use: { ...devices['Pixel 5'], viewport: { width: 390, height: 844 }, launchOptions, timezoneId } }],
  webServer: {
    // The built app, served as a static site exactly as it is deployed (run `npm run build` first).
    command: `npx sirv ${buildDir} --single --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000
  }
});
