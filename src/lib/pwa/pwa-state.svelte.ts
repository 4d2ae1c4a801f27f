import type { Workbox } from 'workbox-window';

/** The browser-side facts the app shell shows: update waiting, offline, install offer. */
export const pwa = $state({
  updateAvailable: false,
  /** A new version was found but is not downloaded: the device lacks the room (update-room.ts). */
  updateWaitsForRoom: false,
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

/** Registers the service worker; a new version waits until the user accepts it. Loaded after the first screen (service-worker.ts). */
export async function registerServiceWorker(swUrl: string, scope: string): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const { watchServiceWorker } = await import('./service-worker');
  const watched = watchServiceWorker(swUrl, scope, {
    waiting: () => {
      pwa.updateAvailable = true;
      pwa.updateWaitsForRoom = false;
    },
    room: (room) => (pwa.updateWaitsForRoom = room === false)
  });
  workbox = watched.workbox;
  await watched.registered;
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
