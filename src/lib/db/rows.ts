import { read, request, type Readable } from './raw';
import type { CardRow, DeckRow, SettingRow } from './schema';
import { Store } from './stores';

/** Single-row reads without Dexie, for the study screen (which may run before Dexie has loaded). */
export function cardById(source: Readable, id: string): Promise<CardRow | undefined> {
  return read(source, [Store.cards], (tx) => request<CardRow | undefined>(tx.objectStore(Store.cards).get(id)));
}

/** A deck and one settings row, read together. */
export function deckAndSetting(source: Readable, deckId: string, settingKey: string): Promise<[DeckRow | undefined, SettingRow | undefined]> {
  return read(source, [Store.decks, Store.settings], (tx) =>
    Promise.all([
      request<DeckRow | undefined>(tx.objectStore(Store.decks).get(deckId)),
      request<SettingRow | undefined>(tx.objectStore(Store.settings).get(settingKey))
    ])
  );
}
