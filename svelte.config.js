import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { basePath, buildId } from './scripts/build-settings.js';
import { csp } from './csp.config.js';

// BUILD_DIR lets the e2e suite build the app more than once (the next version, a sub-path).
const outDir = process.env.BUILD_DIR ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // Fully static SPA: every route falls back to index.html, which the service worker precaches.
    adapter: adapter({ pages: outDir, assets: outDir, fallback: 'index.html', strict: true }),
    serviceWorker: { register: false },
    // Content-Security-Policy, emitted as a <meta> tag in the built index.html (csp.config.js).
    csp,
    // Every build is a new version (scripts/build-settings.js); the package version is shown beside it.
    version: { name: buildId() },
    // BASE_PATH=/flashcards serves the app under a sub-path (README "Deploy").
    paths: { base: basePath() }
  }
};

export default config;
