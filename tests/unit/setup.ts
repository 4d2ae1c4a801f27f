import 'fake-indexeddb/auto';

// Node 20 has no localStorage; the app keeps device-local switches there (the change feed's).
if (!('localStorage' in globalThis)) {
  const items = new Map<string, string>();
  const storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'clear'> = {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear()
  };
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
}
