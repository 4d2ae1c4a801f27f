import { describe, expect, it } from 'vitest';
import { isIos, isWebKit } from '../../src/lib/pwa/storage-facts';
import { needsDeckListNotice, storageRisk, type StorageFacts } from '../../src/lib/pwa/storage-risk';

const facts = (over: Partial<StorageFacts> = {}): StorageFacts => ({
  webkit: false,
  ios: false,
  standalone: false,
  persist: 'not-granted',
  autoBackups: true,
  sync: 'unavailable',
  ...over
});

describe('storage risk: what the browser may delete, and what to do', () => {
  it('Safari in a tab, not persistent: the 7-day rule, install first, then a backup file; shown once on the deck list', () => {
    const risk = storageRisk(facts({ webkit: true, ios: true }));
    expect(risk.kind).toBe('evict-7-days');
    expect(risk.meaning).toMatch(/7 days/);
    expect(risk.actions[0]).toMatch(/Share, then Add to Home Screen/);
    expect(risk.actions.at(-1)).toMatch(/Download a backup file/);
    expect(needsDeckListNotice(risk)).toBe(true);
  });

  it('persist() missing altogether (older Safari, WebKitGTK) counts as not persistent', () => {
    expect(storageRisk(facts({ webkit: true, persist: 'unavailable' })).kind).toBe('evict-7-days');
  });

  it('Safari on a Mac is told about the Dock, not the Home Screen', () => {
    expect(storageRisk(facts({ webkit: true, ios: false })).actions[0]).toMatch(/Add to Dock/);
  });

  it('installed to the Home Screen: no 7-day rule, still a copy to keep, and no deck-list notice', () => {
    const risk = storageRisk(facts({ webkit: true, ios: true, standalone: true }));
    expect(risk.kind).toBe('may-evict');
    expect(risk.meaning).toMatch(/7-day limit does not apply/);
    expect(risk.actions.join(' ')).not.toMatch(/Home Screen/);
    expect(needsDeckListNotice(risk)).toBe(false);
  });

  it('persistence granted: kept, nothing to do, in any engine', () => {
    for (const webkit of [true, false]) {
      const risk = storageRisk(facts({ webkit, persist: 'granted' }));
      expect(risk).toMatchObject({ kind: 'kept', actions: [] });
      expect(needsDeckListNotice(risk)).toBe(false);
    }
  });

  it('another engine without persistence: may evict when space is low, no deck-list notice', () => {
    const risk = storageRisk(facts());
    expect(risk.kind).toBe('may-evict');
    expect(risk.meaning).toMatch(/low on space/);
    expect(needsDeckListNotice(risk)).toBe(false);
  });

  it('without OPFS the advice says automatic backups are unavailable', () => {
    expect(storageRisk(facts({ webkit: true, autoBackups: false })).actions.at(-1)).toMatch(/automatic backups are not available in this browser/);
    expect(storageRisk(facts({ webkit: true, autoBackups: true })).actions.at(-1)).toMatch(/automatic backups are deleted together/);
  });

  it('sync: suggested when it exists and is off, not mentioned when the app has none', () => {
    expect(storageRisk(facts({ webkit: true, sync: 'off' })).actions).toContain('Turn on sync, so another copy lives on your server.');
    expect(storageRisk(facts({ webkit: true, persist: 'granted', sync: 'off' })).actions).toEqual(['Turn on sync, so another copy lives on your server.']);
    for (const sync of ['on', 'unavailable'] as const) expect(storageRisk(facts({ webkit: true, sync })).actions.join(' ')).not.toMatch(/sync/i);
  });
});

describe('engine from the user agent', () => {
  const UA = {
    iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1',
    iphoneChrome: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1',
    ipadDesktop: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15',
    webkitGtk: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15',
    chromium: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
    firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0'
  };

  it('every iOS browser, iPadOS asking for the desktop site, Safari and WebKitGTK are WebKit', () => {
    expect(isWebKit(UA.iphoneSafari, 5)).toBe(true);
    expect(isWebKit(UA.iphoneChrome, 5)).toBe(true);
    expect(isIos(UA.ipadDesktop, 5)).toBe(true);
    expect(isIos(UA.ipadDesktop, 0)).toBe(false);
    expect(isWebKit(UA.ipadDesktop, 0)).toBe(true);
    expect(isWebKit(UA.webkitGtk, 0)).toBe(true);
  });

  it('Chromium (desktop and Android) and Firefox are not', () => {
    expect(isWebKit(UA.chromium, 0)).toBe(false);
    expect(isWebKit(UA.android, 5)).toBe(false);
    expect(isWebKit(UA.firefox, 0)).toBe(false);
  });
});
