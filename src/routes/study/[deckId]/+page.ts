import type { PageLoad } from './$types';

/** The study route's parameters, parsed here so the page only starts the session (nothing heavy is loaded: the fast path). */
export const load: PageLoad = ({ params, url }) => ({
  deckId: params.deckId,
  /** Review ahead by this many days (0–365; anything else is 0). */
  ahead: Math.max(0, Math.min(365, Number(url.searchParams.get('ahead') ?? 0) || 0))
});
