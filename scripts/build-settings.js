// What a build is and where it is served, read by svelte.config.js and vite.config.ts.
import { execFileSync } from 'node:child_process';

/**
 * A new id for every build: the git commit plus the build time (time alone outside git). It is
 * SvelteKit's version name, so `_app/version.json` and with it the service worker's precache
 * revision of index.html change with every deploy (the same id twice would keep the old
 * index.html after an update, pointing at deleted chunks).
 * @returns {string} e.g. `b2b5757-20261205T143325Z`
 */
export function buildId() {
  // Kept in the environment so SvelteKit's child processes of the same build (prerendering the
  // fallback page) read the same id.
  process.env.APP_BUILD_ID ||= newBuildId();
  return process.env.APP_BUILD_ID;
}

function newBuildId() {
  const time = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return commit ? `${commit}-${time}` : time;
  } catch {
    return time;
  }
}

/**
 * The sub-path the app is served under (`BASE_PATH=/flashcards npm run build`), '' at the root:
 * SvelteKit's `paths.base`; the web manifest and the service worker follow it.
 * @returns {string}
 */
export function basePath() {
  const raw = (process.env.BASE_PATH ?? '').trim().replace(/\/+$/, '');
  if (raw && !/^\/[\w\-./~%]+$/.test(raw)) throw new Error(`BASE_PATH must be a path such as /flashcards, not ${JSON.stringify(process.env.BASE_PATH)}`);
  return raw;
}
