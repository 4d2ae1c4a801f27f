// The burying options alone, so the study screen can ask whether any is on before its first card
// without loading the sibling rules (siblings.ts re-exports both).

/** Anki's three sibling-burying options (deck options "Burying"; all off by default, as in Anki). */
export interface BuryRules {
  buryNewSiblings: boolean;
  buryReviewSiblings: boolean;
  buryInterdayLearningSiblings: boolean;
}

export const anyBurying = (r: BuryRules) => r.buryNewSiblings || r.buryReviewSiblings || r.buryInterdayLearningSiblings;
