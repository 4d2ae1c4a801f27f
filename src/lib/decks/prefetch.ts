import type { CompiledDeck, CompiledManifest } from './types';

/** Responses started early, by URL, each handed out once. */
const early = new Map<string, Promise<Response>>();
/** The deck files prefetchBuiltinDeck started, parsed, by deck id, each handed out once (prefetchedDeck). */
const decks = new Map<string, Promise<CompiledDeck | null>>();

/**
 * A download that may be cancelled (the database was there after all) before anyone takes it:
 * its AbortError is expected, not an unhandled rejection; a taker still sees it (prefetchedOrFetch).
 */
function handled(response: Promise<Response>): Promise<Response> {
  response.catch(() => undefined);
  return response;
}

const manifestUrl = (baseUrl: string) => `${baseUrl}/decks/manifest.json`;

/**
 * Starts downloading the built-in deck manifest and then one deck's file on a first visit,
 * while the code that merges them (Dexie, the deck sync) is still downloading itself: the
 * merge then finds them under way (prefetchedOrFetch) instead of asking one round trip later.
 * Returns a function that drops them (the database was there after all: not a first visit).
 */
export function prefetchBuiltinDeck(baseUrl: string, deckId: string): () => void {
  const stop = new AbortController();
  const cancel = () => {
    stop.abort();
    early.clear();
    decks.clear();
  };
  if (early.has(manifestUrl(baseUrl))) return cancel;
  const manifest = fetch(manifestUrl(baseUrl), { signal: stop.signal });
  // Cloned before the body is read below, so the merge can read its own copy.
  early.set(manifestUrl(baseUrl), handled(manifest.then((r) => r.clone())));
  const deck = manifest
    .then((r) => (r.ok ? (r.json() as Promise<CompiledManifest>) : null))
    .then((m) => {
      const entry = m?.decks.find((d) => d.id === deckId);
      const url = entry && `${baseUrl}/decks/${entry.file}`;
      if (!url || early.has(url) || stop.signal.aborted) return null;
      const response = fetch(url, { signal: stop.signal });
      early.set(url, handled(response.then((r) => r.clone())));
      return response.then((r) => (r.ok ? (r.json() as Promise<CompiledDeck>) : null));
    })
    .catch(() => null); // the merge fetches again and reports what fails
  decks.set(deckId, deck);
  return cancel;
}

/**
 * The file of `deckId` as prefetchBuiltinDeck downloaded it, parsed (a first visit paints its
 * first card from it while the merge code loads); null when none was started or it failed.
 */
export function prefetchedDeck(deckId: string): Promise<CompiledDeck | null> {
  const deck = decks.get(deckId) ?? Promise.resolve(null);
  decks.delete(deckId);
  return deck;
}

/**
 * Downloads the built-in deck manifest once for two readers: the deck list's first-visit preview
 * (returned) and the merge, which finds the same response under way (prefetchedOrFetch).
 */
export function prefetchManifest(baseUrl: string): Promise<CompiledManifest | null> {
  const url = manifestUrl(baseUrl);
  const response = early.get(url) ?? fetch(url);
  const mine = response.then((r) => r.clone());
  early.set(url, handled(response.then((r) => r.clone())));
  return mine.then((r) => (r.ok ? (r.json() as Promise<CompiledManifest>) : null)).catch(() => null);
}

/** fetch(), answered by the download prefetchBuiltinDeck started for the same URL when there is one. */
export const prefetchedOrFetch: typeof fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const started = early.get(url);
  if (!started) return fetch(input, init);
  early.delete(url);
  return started.catch(() => fetch(input, init));
};
