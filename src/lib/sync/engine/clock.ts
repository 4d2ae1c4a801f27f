/**
 * Stamps for last-writer-wins per field: the time the change committed on its device, a counter,
 * and the device id, so stamps compare as strings and never tie between devices. A new stamp is
 * also placed after the stamp of the value it replaces, so a device whose clock is behind still
 * wins over a value it has already seen (the causal order of a hybrid logical clock, per field).
 */
const DEVICE_KEY = 'flashcards-sync-device';

let device: string | null = null;

/** This device's id (random, kept in localStorage). */
export function deviceId(): string {
  if (device) return device;
  let storage: Storage | null;
  try {
    storage = globalThis.localStorage ?? null;
  } catch {
    storage = null;
  }
  device = storage?.getItem(DEVICE_KEY) ?? Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
  storage?.setItem(DEVICE_KEY, device);
  return device;
}

const encode = (ms: number, counter: number) => `${ms.toString(36).padStart(9, '0')}.${counter.toString(36).padStart(4, '0')}.${deviceId()}`;

function decode(stamp: string): { ms: number; counter: number } | null {
  const [ms, counter] = stamp.split('.').map((part) => parseInt(part, 36));
  return Number.isFinite(ms) && Number.isFinite(counter) ? { ms, counter } : null;
}

/** The stamp of a change committed at `at`, after `replaces` (the stamp of the value it overwrites). */
export function stampAt(at: number, replaces?: string): string {
  const previous = replaces ? decode(replaces) : null;
  if (previous && previous.ms >= at) return encode(previous.ms, previous.counter + 1);
  return encode(at, 0);
}
