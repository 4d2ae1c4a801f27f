import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // Fully static SPA: every route falls back to index.html, which the service worker precaches.
    adapter: adapter({ fallback: 'index.html', strict: true }),
    serviceWorker: { register: false }
  }
};

export default config;
