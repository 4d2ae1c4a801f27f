/**
 * The study screen's extras that the first card rarely needs, loaded when a card or an event
 * needs them instead of before the first card (docs/ARCHITECTURE.md "The fast path"): the sound
 * player here; type-the-answer, the leech notice and the done screen are loaded by the screen
 * itself with `{#await import(…)}`. Every one is precached by the service worker, so it loads
 * offline too. The kept-answer notice is not among them: it is shown when the disk is full.
 */
import type { CardSounds } from './card-sounds.svelte';

/** A card side can have a sound only as an <audio> element in its text (imported [sound:…] become one). */
const AUDIO = /<audio\b/i;

/** Whether the card may play sounds, from its text alone (its HTML may not be in the page yet). */
export function mayHaveSounds(card: { front: string; back: string }): boolean {
  return AUDIO.test(card.front) || AUDIO.test(card.back);
}

let loading: Promise<typeof CardSounds> | null = null;

/** A sound player for a study screen; its code is loaded once (a failed load is tried again by the next card). */
export async function loadCardSounds(): Promise<CardSounds> {
  loading ??= import('./card-sounds.svelte').then(
    (m) => m.CardSounds,
    (error) => {
      loading = null;
      throw error;
    }
  );
  return new (await loading)();
}
