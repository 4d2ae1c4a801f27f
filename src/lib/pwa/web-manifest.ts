import type { ManifestOptions } from 'vite-plugin-pwa';

/**
 * The web app manifest (installability: name, icons, standalone display, colours). `base` is the
 * sub-path the app is served under ('' at the root): every URL in it follows.
 */
export const webManifest = (base: string): Partial<ManifestOptions> => ({
  id: `${base}/`,
  name: 'Interview Flashcards',
  short_name: 'Flashcards',
  description: 'Offline spaced-repetition flashcards for systems, operations and software engineering interviews.',
  start_url: `${base}/`,
  scope: `${base}/`,
  display: 'standalone',
  orientation: 'any',
  theme_color: '#2f5d50',
  background_color: '#f7f7f5',
  categories: ['education', 'productivity'],
  // The installed app opens deck files (read by the import page's launchQueue consumer).
  file_handlers: [
    {
      action: `${base}/import`,
      accept: {
        'text/csv': ['.csv'],
        'text/tab-separated-values': ['.tsv'],
        'text/plain': ['.txt'],
        'text/markdown': ['.md', '.markdown'],
        'application/octet-stream': ['.apkg', '.colpkg']
      }
    }
  ],
  // Files shared to the installed app from other apps (static/share-target.js receives them).
  share_target: {
    action: `${base}/import/share`,
    method: 'POST',
    enctype: 'multipart/form-data',
    params: {
      files: [
        {
          name: 'file',
          accept: [
            '.csv',
            '.tsv',
            '.txt',
            '.md',
            '.apkg',
            '.colpkg',
            'text/csv',
            'text/tab-separated-values',
            'text/plain',
            'text/markdown',
            'application/zip',
            'application/octet-stream'
          ]
        }
      ]
    }
  },
  launch_handler: { client_mode: 'navigate-existing' },
  icons: [
    { src: `${base}/icons/icon-192.png`, sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: `${base}/icons/icon-512.png`, sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: `${base}/icons/maskable-192.png`, sizes: '192x192', type: 'image/png', purpose: 'maskable' },
    { src: `${base}/icons/maskable-512.png`, sizes: '512x512', type: 'image/png', purpose: 'maskable' }
  ],
  screenshots: [
    { src: `${base}/screenshots/phone-study.png`, sizes: '390x844', type: 'image/png', form_factor: 'narrow', label: 'Studying a card with code' },
    { src: `${base}/screenshots/desktop-decks.png`, sizes: '1280x800', type: 'image/png', form_factor: 'wide', label: 'The deck list' }
  ]
});
