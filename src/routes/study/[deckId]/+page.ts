import type { PageLoad } from './$types';
import { openEarly } from '$lib/study/early-open';

/** The study route's parameters, parsed here so the page only starts the session (nothing heavy is loaded: the fast path). */
export const load: PageLoad = ({ params, url }) => {
  openEarly(); // the database opens while the page's components load and mount
  return {
    deckId: params.deckId,
    /** Review ahead by this many days (0–365; anything else is 0). */
    ahead: Math.max(0, Math.min(365, Number(url.searchParams.get('ahead') ?? 0) || 0))
  };
};
