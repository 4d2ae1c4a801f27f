import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { RendererCrashed, type EngineDriver, type Key } from './driver';

export const FIREFOX = '/usr/bin/firefox-esr';
export const CHROMIUM = '/usr/bin/chromium';

/** Firefox over WebDriver BiDi, or Chromium over CDP: one client, the same page API. */
export async function launchPuppeteer(engine: 'firefox' | 'chromium'): Promise<EngineDriver> {
  const browser: Browser =
    engine === 'firefox'
      ? await puppeteer.launch({ browser: 'firefox', protocol: 'webDriverBiDi', executablePath: FIREFOX, headless: true, defaultViewport: VIEWPORT })
      : await puppeteer.launch({
          browser: 'chrome',
          executablePath: CHROMIUM,
          headless: true,
          defaultViewport: VIEWPORT,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
        });
  const page = await browser.newPage();
  // "firefox/153.8.0" or "HeadlessChrome/156.0…": the version number, under the engine's own name.
  const version = (await browser.version()).split('/').pop();
  return new PuppeteerDriver(browser, page, `${engine === 'firefox' ? 'Firefox ESR' : 'Chromium'} ${version}`);
}

const VIEWPORT = { width: 390, height: 844 };

const NAVIGATION = { waitUntil: 'domcontentloaded', timeout: 20_000 } as const;

class PuppeteerDriver implements EngineDriver {
  /** Set when the page's renderer crashed (puppeteer's 'error' event, "Page crashed!"). */
  private crash: RendererCrashed | null = null;
  private crashed: Promise<never>;

  constructor(
    private browser: Browser,
    private page: Page,
    readonly label: string
  ) {
    this.crashed = new Promise<never>((_, reject) =>
      page.on('error', (error) => {
        this.crash = new RendererCrashed(`the page's renderer crashed (${error.message}) at ${page.url()}`);
        reject(this.crash);
      })
    );
    this.crashed.catch(() => undefined);
  }
  readonly tapKind = 'touch';

  // The document is enough (the suite then waits for what it needs); a navigation that does not
  // commit within 20 s is tried once more: Chromium once left a navigation hanging after the
  // server restart of the offline step (load never fired), which is the harness's, not the app's.
  async goto(url: string) {
    await this.navigate(() => this.page.goto(url, NAVIGATION));
  }
  async reload() {
    await this.navigate(() => this.page.reload(NAVIGATION));
  }
  private async navigate(go: () => Promise<unknown>) {
    try {
      await go();
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error;
      await go();
    }
  }
  run<T>(body: string): Promise<T> {
    if (this.crash) return Promise.reject(this.crash);
    return Promise.race([this.page.evaluate(`(async () => { ${body} })()`) as Promise<T>, this.crashed]);
  }
  /** The element, centred in the viewport as a user would scroll it: clear of the fixed tab bar. */
  private async element(selector: string) {
    const handle = await this.page.$(selector);
    if (!handle) throw new Error(`no element matches ${selector}`);
    await handle.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    return handle;
  }
  async click(selector: string) {
    await (await this.element(selector)).click();
  }
  async tap(selector: string) {
    await (await this.element(selector)).tap();
  }
  async press(key: Key) {
    // WebDriver BiDi names the space bar by its character; CDP's keyboard accepts both.
    await this.page.keyboard.press(key === 'Space' ? ' ' : key);
  }
  async setFile(selector: string, path: string) {
    await ((await this.element(selector)) as ElementHandle<HTMLInputElement>).uploadFile(path);
  }
  async close() {
    await this.browser.close();
  }
}
