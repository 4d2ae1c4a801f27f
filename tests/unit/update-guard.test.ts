// static/update-guard.js (plain JS, imported into the generated service worker) asks an open page
// before an update's precache; the page answers with update-room.ts's question name. Run here in a
// VM context standing in for the worker: the two must agree, and the install must wait for "no".
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UPDATE_ROOM_QUESTION } from '../../src/lib/pwa/update-room';

type Listener = (event: { waitUntil(promise: Promise<unknown>): void }) => unknown;
const source = readFileSync('static/update-guard.js', 'utf8');

/** A service worker global with one page that answers `room` (undefined: never answers), and the guard loaded. */
function worker({ active, room }: { active: boolean; room?: boolean | null }) {
  const asked: unknown[] = [];
  const listeners: Listener[] = [];
  const page = {
    postMessage(message: { type: string; bytes: number }, [port]: MessagePort[]) {
      asked.push(message);
      if (message.type === UPDATE_ROOM_QUESTION && room !== undefined) port.postMessage({ room });
    }
  };
  const self = {
    registration: { scope: 'https://app.example/', active: active ? {} : null },
    clients: { matchAll: async () => [page] },
    addEventListener: (type: string, listener: Listener) => type === 'install' && listeners.push(listener)
  };
  const fetch = async () => ({ json: async () => ({ bytes: 3_400_000 }) });
  runInNewContext(source, { self, fetch, URL, MessageChannel, setTimeout, Date, Promise, Number });
  const precache = vi.fn();
  // What Workbox does: its install listener, added after the guard was imported.
  self.addEventListener('install', precache);
  /** Fires install; resolves with how the install's waitUntil promise ended. */
  const install = async () => {
    const waits: Promise<unknown>[] = [];
    for (const listener of listeners) listener({ waitUntil: (promise) => waits.push(promise) });
    const settled = await Promise.allSettled(waits);
    return settled.every((s) => s.status === 'fulfilled') ? 'installed' : 'failed';
  };
  return { install, precache, asked };
}

describe('update-guard.js', () => {
  afterEach(() => vi.useRealTimers());

  it('asks the page with the question the page listens for, with the precache size, and fails the install on "no room"', async () => {
    const sw = worker({ active: true, room: false });
    expect(await sw.install()).toBe('failed');
    expect(sw.precache).not.toHaveBeenCalled();
    expect(sw.asked[0]).toEqual({ type: UPDATE_ROOM_QUESTION, bytes: 3_400_000 });
  });

  it('precaches when the page says there is room, or cannot tell', async () => {
    for (const room of [true, null]) {
      const sw = worker({ active: true, room });
      expect(await sw.install()).toBe('installed');
      expect(sw.precache).toHaveBeenCalledTimes(1);
    }
  });

  it('does not ask on the first install (nothing stored yet to lose)', async () => {
    const sw = worker({ active: false, room: false });
    expect(await sw.install()).toBe('installed');
    expect(sw.precache).toHaveBeenCalledTimes(1);
    expect(sw.asked).toEqual([]);
  });

  it('goes ahead when no page answers (an older version open), after asking again for a while', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
    const sw = worker({ active: true });
    const result = sw.install();
    await vi.advanceTimersByTimeAsync(16_000);
    expect(await result).toBe('installed');
    expect(sw.precache).toHaveBeenCalledTimes(1);
    expect(sw.asked.length).toBeGreaterThan(5);
  });
});
