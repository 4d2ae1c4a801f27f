/**
 * Imported decks and cards get ids that can never equal a built-in one: built-in ids are
 * lowercase letters, digits and "-" only, imported deck ids contain "_" and imported card ids
 * are "<deckId>:<key>".
 */
export function newImportDeckId(now = Date.now()): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => (b % 36).toString(36)).join('');
  return `import_${now.toString(36)}${random}`;
}

export function importedCardId(deckId: string, key: string): string {
  return `${deckId}:${key}`;
}

export function mediaId(deckId: string, hash: string): string {
  return `${deckId}:${hash}`;
}
