/** sessionStorage key of the sentence shown after the page reloads on a restored collection. */
export const RESTORED_KEY = 'database-restored-message';
