import type { Workbox } from 'workbox-window';

/** The browser-side facts the app shell shows: update waiting, offline, install offer. */
export const pwa = $state({
  updateAvailable: false,
  offline: false,
  /** The deferred `beforeinstallprompt` event, when the browser offers installation. */
  installEvent: null as BeforeInstallPromptEvent | null,
  installed: false
});

export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let workbox: Workbox | null = null;

/** Registers the service worker; a new version waits until the user accepts it. */
export async function registerServiceWorker(swUrl: string, scope: string): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const { Workbox } = await import('workbox-window');
  workbox = new Workbox(swUrl, { scope });
  workbox.addEventListener('waiting', () => {
    pwa.updateAvailable = true;
  });
  await workbox.register();
  // Look for a new version now and then, and when the app comes back to the foreground.
  setInterval(() => workbox?.update(), 60 * 60 * 1000);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') workbox?.update();
  });
}

/** Activates the waiting version and reloads once it controls the page. */
export function applyUpdate(): void {
  if (!workbox) return;
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}

export function watchConnectivity(): void {
  pwa.offline = !navigator.onLine;
  window.addEventListener('online', () => (pwa.offline = false));
  window.addEventListener('offline', () => (pwa.offline = true));
}

export function watchInstallPrompt(): void {
  pwa.installed = window.matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    pwa.installEvent = event as BeforeInstallPromptEvent;
  });
  window.addEventListener('appinstalled', () => {
    pwa.installEvent = null;
    pwa.installed = true;
  });
}

export async function promptInstall(): Promise<void> {
  const event = pwa.installEvent;
  if (!event) return;
  await event.prompt();
  await event.userChoice;
  pwa.installEvent = null;
}

/** iOS Safari has no install prompt: the user adds the app from the Share menu. */
export function isIosSafari(): boolean {
  const ua = navigator.userAgent;
  return /iP(hone|ad|od)/.test(ua) && /Safari/.test(ua) && !/CriOS|FxiOS|EdgiOS/.test(ua);
}
