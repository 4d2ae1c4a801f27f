import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { Builder, By, Capabilities, Key as SeleniumKey, type WebDriver } from 'selenium-webdriver';
import type { EngineDriver, Key } from './driver';

export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
/** WebKitGTK's test browser, shipped with the library (Debian puts it in the multiarch folder). */
export const MINIBROWSER = ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser'].find(existsSync);
export const XVFB = '/usr/bin/Xvfb';

/**
 * MiniBrowser driven through WebKitWebDriver, on a private X server: MiniBrowser's own
 * `--headless` hung here, so it gets a virtual display instead.
 */
export async function launchWebKit(): Promise<EngineDriver> {
  if (!MINIBROWSER) throw new Error('MiniBrowser not found (apt-get install webkit2gtk-driver)');
  const xvfb = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const children: ChildProcess[] = [xvfb];
  try {
    const display = await new Promise<string>((resolve, reject) => {
      let out = '';
      xvfb.stdio[3]!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(`:${out.trim()}`);
      });
      xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
    });
    const port = Number(process.env.WEBKIT_DRIVER_PORT) || (await freePort());
    const driverProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
    children.push(driverProcess);
    const capabilities = new Capabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] }
    });
    const driver = await retry(() => new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(capabilities).build());
    await driver.manage().window().setRect({ width: 390, height: 844 });
    const caps = await driver.getCapabilities();
    return new WebKitDriver(driver, `WebKitGTK ${caps.getBrowserVersion()}`, children);
  } catch (e) {
    for (const child of children.reverse()) child.kill();
    throw e;
  }
}

/** WebKitWebDriver answers once it has bound its port: retry the first session briefly. */
async function retry<T>(attempt: () => PromiseLike<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= 20 || !/ECONNREFUSED/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const KEYS: Record<Key, string> = { Space: SeleniumKey.SPACE, Enter: SeleniumKey.ENTER, '1': '1', '2': '2', '3': '3', '4': '4', z: 'z' };

class WebKitDriver implements EngineDriver {
  constructor(
    private driver: WebDriver,
    readonly label: string,
    private children: ChildProcess[]
  ) {}
  // WebKitWebDriver has no touch input source.
  readonly tapKind = 'click';

  async goto(url: string) {
    await this.driver.get(url);
  }
  async reload() {
    await this.driver.navigate().refresh();
  }
  run<T>(body: string): Promise<T> {
    // WebDriver's Execute Script awaits a returned promise.
    return this.driver.executeScript(`return (async () => { ${body} })()`) as Promise<T>;
  }
  async click(selector: string) {
    // WebDriver's element click scrolls the element to the bottom edge, under the app's fixed
    // tab bar; a user scrolls it into sight first. So: centre it, then click with the pointer.
    const element = await this.driver.findElement(By.css(selector));
    await this.driver.executeScript(`arguments[0].scrollIntoView({ block: 'center' })`, element);
    await this.driver.actions().move({ origin: element }).click().perform();
  }
  async tap(selector: string) {
    await this.click(selector);
  }
  async press(key: Key) {
    await this.driver.actions().keyDown(KEYS[key]).keyUp(KEYS[key]).perform();
  }
  async setFile(selector: string, path: string) {
    await this.driver.findElement(By.css(selector)).sendKeys(path);
  }
  async close() {
    try {
      await this.driver.quit();
    } finally {
      for (const child of this.children.reverse()) child.kill();
    }
  }
}
