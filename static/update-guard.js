// Imported into the generated service worker before Workbox's precache (vite.config.ts importScripts).
// An update's precache writes the new version's files to Cache Storage, and on Chromium a Cache
// Storage write that fails for space makes the browser evict the origin: the collection with it
// (docs/STORAGE.md). So an update's install first asks an open page of the app whether there is
// room for the precache beside the disk guard's margin (src/lib/pwa/update-room.ts). A page that
// says no fails this install, and the browser tries again at its next update check (the page asks
// hourly and when it comes back to the foreground). The first install (nothing stored yet), no
// page, or no answer (an older version's page does not know the question) goes ahead as before.
(() => {
  const QUESTION = 'room-for-update';
  /** Long enough for a page to load its guard and probe (it writes tens of MB on a phone). */
  const WAIT_FOR_ANSWER_MS = 15000;
  /** A page that had not started listening yet is asked again. */
  const ASK_EVERY_MS = 1000;
  /** When the build's figure cannot be read: more than the whole precache is today. */
  const FALLBACK_BYTES = 8 * 1024 * 1024;
  const inScope = (path) => new URL(path, self.registration.scope).href;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** The bytes the precache writes at most: every file of the build (scripts/precache-bytes.ts). */
  async function precacheBytes() {
    try {
      const { bytes } = await (await fetch(inScope('precache-bytes.json'), { cache: 'no-store' })).json();
      if (Number.isFinite(bytes) && bytes > 0) return bytes;
    } catch {
      // an older host or a failed request: the fallback
    }
    return FALLBACK_BYTES;
  }

  /** true / false from the first page that answers; undefined when none answers in time. */
  async function askPages(bytes) {
    let settle;
    const answered = new Promise((resolve) => (settle = resolve));
    const deadline = Date.now() + WAIT_FOR_ANSWER_MS;
    let answer;
    answered.then((room) => (answer = room));
    while (answer === undefined && Date.now() < deadline) {
      const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const page of pages) {
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => settle(event.data && typeof event.data.room === 'boolean' ? event.data.room : null);
        page.postMessage({ type: QUESTION, bytes }, [channel.port2]);
      }
      await Promise.race([answered, sleep(ASK_EVERY_MS)]);
    }
    return answer ?? undefined;
  }

  const addEventListener = self.addEventListener.bind(self);
  self.addEventListener = (type, listener, options) => {
    if (type !== 'install') return addEventListener(type, listener, options);
    const run = (event) => (typeof listener === 'function' ? listener.call(self, event) : listener.handleEvent(event));
    return addEventListener(
      'install',
      (event) => {
        if (!self.registration.active) return run(event);
        event.waitUntil(
          precacheBytes()
            .then(askPages)
            .then((room) => {
              if (room === false) throw new Error('No room on this device for the update now: it is installed at a later check.');
              // Workbox's handler calls event.waitUntil: allowed, this promise is still pending.
              run(event);
            })
        );
      },
      options
    );
  };
})();
