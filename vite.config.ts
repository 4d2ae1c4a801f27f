import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';
import { basePath } from './scripts/build-settings.js';
import { webManifest } from './src/lib/pwa/web-manifest.ts';

const base = basePath();
const packageVersion: string = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version;

export default defineConfig({
  define: {
    // Shown in Settings beside the build id (src/lib/pwa/app-version.ts).
    __APP_PACKAGE_VERSION__: JSON.stringify(packageVersion),
    // Test-only switch for `npm run build:next` (src/lib/db/identity.ts); false in every other build.
    __E2E_NEXT_SCHEMA__: JSON.stringify(process.env.E2E_NEXT_SCHEMA === '1')
  },
  plugins: [
    sveltekit(),
    SvelteKitPWA({
      strategies: 'generateSW',
      filename: 'sw.js',
      // Registered by hand with workbox-window (src/lib/pwa/pwa-state.svelte.ts) to offer updates, never force them.
      injectRegister: false,
      registerType: 'prompt',
      manifest: webManifest(base),
      kit: { adapterFallback: 'index.html', spa: true },
      workbox: {
        // Code, styles, icons and the compiled built-in decks: everything the app needs offline.
        globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest,json,woff2,wasm}'],
        navigateFallback: `${base}/index.html`,
        cleanupOutdatedCaches: true,
        // An update's install first asks a page for room (update-guard.js: first, so it sees Workbox's
        // install handler); files shared to the installed app arrive through share-target.js.
        importScripts: ['update-guard.js', 'share-target.js'],
        clientsClaim: true,
        skipWaiting: false,
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024
      }
    })
  ],
  build: {
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The modules that own Dexie, marked/DOMPurify and ts-fsrs get chunks of their own, so
          // code shared with them does not drag them along: the study screen paints its first
          // card from IndexedDB without any of the three (src/lib/db/raw.ts). write-outcomes and
          // write-errors are the study screen's too (the disk-full path): left out of study-core,
          // they went with Dexie's chunk and took all of it along (the bench: 60 KB -> 92 KB).
          groups: [
            {
              name: 'study-core',
              test: /src[\\/]lib[\\/](db[\\/](identity|raw|rows|schema|stores|write-outcomes|write-errors)|srs[\\/](queue|day|settings))\.ts$/,
              priority: 1
            },
            { name: 'dexie', test: /node_modules[\\/]dexie[\\/]|src[\\/]lib[\\/]db[\\/]database\.ts$/ },
            { name: 'markdown', test: /node_modules[\\/](marked|dompurify)[\\/]/ },
            { name: 'fsrs', test: /node_modules[\\/]ts-fsrs[\\/]/ }
          ]
        }
      }
    }
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/unit/setup.ts'],
    // A hang guard, not a speed check: CI shares two cores, and a loaded run took 5 s where a quiet one takes 0.5 s.
    testTimeout: 30_000
  }
});
