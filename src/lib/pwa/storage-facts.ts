import { BACKUP_FOLDER, opfsFolder } from '../backup/auto/store';
import { syncConfigured } from '../sync/config';
import type { PersistState, StorageFacts } from './storage-risk';

/** iPhone, iPad (iPadOS asks for the desktop site: a Mac with a touch screen), iPod. */
export function isIos(ua: string, maxTouchPoints: number): boolean {
  return /iP(hone|ad|od)/.test(ua) || (/Macintosh/.test(ua) && maxTouchPoints > 1);
}

/** WebKit: every iOS browser, Safari, WebKitGTK; not Chromium, whose user agent also says AppleWebKit. */
export function isWebKit(ua: string, maxTouchPoints: number): boolean {
  return isIos(ua, maxTouchPoints) || (/AppleWebKit/.test(ua) && !/Chrome|Chromium|Android/.test(ua));
}

async function persistState(): Promise<PersistState> {
  const storage = navigator.storage;
  if (!storage?.persist || !storage.persisted) return 'unavailable';
  return (await storage.persisted().catch(() => false)) ? 'granted' : 'not-granted';
}

/** The facts storageRisk() decides from, read from this browser. */
export async function readStorageFacts(): Promise<StorageFacts> {
  const { userAgent, maxTouchPoints = 0 } = navigator;
  const [persist, folder] = await Promise.all([persistState(), opfsFolder(BACKUP_FOLDER)]);
  return {
    webkit: isWebKit(userAgent, maxTouchPoints),
    ios: isIos(userAgent, maxTouchPoints),
    standalone: matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true,
    persist,
    autoBackups: folder !== null,
    sync: syncConfigured() ? 'on' : 'off'
  };
}
