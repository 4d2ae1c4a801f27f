import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';
import { csp } from './csp.config.js';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// BUILD_DIR and APP_VERSION let the e2e suite build a second, newer version to test updates.
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
    version: { name: process.env.APP_VERSION ?? pkg.version }
  }
};

export default config;
