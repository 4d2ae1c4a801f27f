/** What the test-only "next version" of the built-in decks changes (scripts/compile-next-decks.ts). */
export const NEXT_EDIT_MARK = ' (corrected in the next version)';
export const NEXT_ADDED_SUFFIX = '-added-in-next';
