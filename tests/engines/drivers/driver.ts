/**
 * The few things the cross-engine suite does to a browser, implemented once per client
 * (puppeteer-core for Firefox and Chromium, selenium-webdriver for WebKitGTK).
 * Page code is passed as source text: tsx may wrap named functions in helpers the page lacks.
 */
export type Key = 'Space' | 'Enter' | '1' | '2' | '3' | '4' | 'z';

export interface EngineDriver {
  /** What the suite reports, e.g. "Firefox 153.8.0esr". */
  readonly label: string;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Evaluates `body` as the body of an async function in the page; returns its JSON result. */
  run<T>(body: string): Promise<T>;
  /** A mouse click in the middle of the element, as the user's pointer would. */
  click(selector: string): Promise<void>;
  /** A touch tap where the client can send touch input, else a click (said in `tapKind`). */
  tap(selector: string): Promise<void>;
  readonly tapKind: 'touch' | 'click';
  /** Presses and releases a key on whatever has the focus. */
  press(key: Key): Promise<void>;
  /** Chooses a file in an `<input type=file>`, as the file picker would. */
  setFile(selector: string, path: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The page's renderer process died (Chromium: a SIGSEGV in one of its threads, written to
 * ~/.config/chromium/Crash Reports). A wait on that page would never be answered: `until` gives
 * up at once with this instead of timing out on "no answer from the page".
 */
export class RendererCrashed extends Error {
  override name = 'RendererCrashed';
}

export type EngineName = 'chromium' | 'firefox' | 'webkit';
