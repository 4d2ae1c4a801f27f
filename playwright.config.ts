import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

// Debian's Chromium when present (Playwright cannot download browsers here), else Playwright's own.
const debianChromium = '/usr/bin/chromium';
const launchOptions = {
  ...(existsSync(debianChromium) ? { executablePath: debianChromium } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
};

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
    trace: 'retain-on-failure'
  },
  projects: [{ name: 'phone', use: { ...devices['Pixel 5'], viewport: { width: 390, height: 844 }, launchOptions } }],
  webServer: {
    // The built app, served as a static site exactly as it is deployed (run `npm run build` first).
    command: `npx sirv ${buildDir} --single --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000
  }
});
