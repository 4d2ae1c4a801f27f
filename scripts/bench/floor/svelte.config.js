// The benchmark's floor (scripts/bench/floor/README.md): the app's own SvelteKit configuration
// (adapter-static with the SPA fallback, CSP, version, base path) with only the routes replaced
// by an empty page, so the build differs from the app's in what the pages do and nothing else.
import app from '../../../svelte.config.js';

const root = '../../..';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  ...app,
  kit: {
    ...app.kit,
    files: {
      appTemplate: `${root}/src/app.html`,
      assets: `${root}/static`,
      lib: `${root}/src/lib`,
      routes: 'routes'
    }
  }
};

export default config;
