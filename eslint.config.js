// The project's rules as tooling (issue "One write path"): the usual SvelteKit set-up plus the
// architecture's import rules, so a review talks about design, not style.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Domain folders: plain TypeScript that screens use, never the other way round. */
const domainFolders = ['backup', 'cards', 'db', 'decks', 'export', 'import', 'optimizer', 'practice', 'srs', 'stats'];

export default ts.config(
  {
    ignores: [
      'build/',
      'build-next/',
      'build-subpath/',
      '.svelte-kit/',
      'node_modules/',
      'static/decks/',
      'bench-results/',
      'soak-results/',
      'test-results/',
      'tests/fixtures/'
    ]
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // TypeScript checks names (svelte-check); ESLint's own check does not know DOM types.
      'no-undef': 'off',
      // Links are built from `base` ($app/paths), which subpath.spec.ts checks under a sub-path.
      'svelte/no-navigation-without-resolve': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }]
    }
  },
  {
    // Benchmark glue passes untyped page results between Node and the browser.
    files: ['scripts/bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
  },
  {
    // One module owns the database: nothing outside src/lib/db opens IndexedDB.
    files: ['src/**/*.{ts,js,svelte}'],
    ignores: ['src/lib/db/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'indexedDB', message: 'Only src/lib/db opens IndexedDB: go through its modules.' }],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'indexedDB', message: 'Only src/lib/db opens IndexedDB.' },
        { object: 'globalThis', property: 'indexedDB', message: 'Only src/lib/db opens IndexedDB.' },
        { object: 'self', property: 'indexedDB', message: 'Only src/lib/db opens IndexedDB.' }
      ]
    }
  },
  {
    // Domain code never depends on screens or routes (a feature's screen state, *.svelte.ts, may).
    files: domainFolders.map((folder) => `src/lib/${folder}/**/*.ts`),
    ignores: ['**/*.svelte.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ui/*', '$lib/ui/*', '**/ui', '$lib/ui'],
              message: 'Domain modules must not import from src/lib/ui (screens depend on the domain, not the reverse).'
            },
            { group: ['$app/*', '**/routes/*'], message: 'Domain modules must not depend on SvelteKit or routes.' }
          ]
        }
      ]
    }
  }
);
