// Test-only: the built-in decks as "the next app version" ships them, for the update e2e test
// (`npm run build:next`). The first deck gets its first card's back edited, its second card
// removed and one card added; everything else is unchanged. `npm run decks` restores the real ones.
import { join } from 'node:path';
import { loadDeckDir } from './deck-files';
import { writeCompiledDecks } from './deck-output';
import { NEXT_ADDED_SUFFIX, NEXT_EDIT_MARK } from './next-decks-marks';

const root = join(import.meta.dirname, '..');
const { decks } = loadDeckDir(join(root, 'cards'));
const [first, ...rest] = decks;
const [edited, _removed, ...others] = first.cards;
const next = {
  ...first,
  cards: [
    { ...edited, back: edited.back + NEXT_EDIT_MARK },
    ...others,
    { id: first.id + NEXT_ADDED_SUFFIX, front: 'A card added by an app update?', back: 'Yes.', tags: [], line: 0 }
  ]
};
writeCompiledDecks([next, ...rest], join(root, 'static', 'decks'));
console.log(`next-version decks: ${first.id} edited ${edited.id}, removed ${_removed.id}, added ${next.cards.at(-1)!.id}`);
