/**
 * "The first screen is painted": pages say so (the study screen's first card, the deck list's
 * counts), and work that would compete with the first screen for a phone's network and CPU
 * waits for it: the service worker's registration (it downloads every file of the app to cache
 * them) and, on a first visit, the merge of the built-in decks other than the one opened.
 */
let announce!: () => void;
const shown = new Promise<void>((resolve) => (announce = resolve));

/** Called by a page once its first useful screen is painted (later calls change nothing). */
export function firstScreenShown(): void {
  announce();
}

/** Resolves once a page reported its first screen, or `fallbackMs` after this is called (pages that never report). */
export function afterFirstScreen(fallbackMs = 3000): Promise<void> {
  return Promise.race([shown, new Promise<void>((resolve) => setTimeout(resolve, fallbackMs))]);
}
