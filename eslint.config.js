// The project's rules as tooling (issue "One write path"): the usual SvelteKit set-up plus the
// architecture's import rules, so a review talks about design, not style.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Domain folders: plain TypeScript that screens use, never the other way round. */
const domainFolders = ['backup', 'cards', 'db', 'decks', 'export', 'import', 'optimizer', 'practice', 'render', 'srs', 'stats', 'sync'];

/** Outside src/lib/db: raw writes only through the gateway, and only the gateway marks its transactions. */
const gatewayImportRules = [
  { group: ['**/db/raw-write', '$lib/db/raw-write'], message: 'Raw writes go through the gateway (src/lib/db/gateway-raw.ts: transactRaw).' },
  { group: ['**/db/gateway-guard', '$lib/db/gateway-guard'], message: 'Only the gateway marks its transactions.' }
];

export default ts.config(
  {
    ignores: [
      'build/',
      'build-next/',
      'build-subpath/',
      'build-floor/',
      'build-prof/',
      '.svelte-kit/',
      'scripts/bench/floor/.svelte-kit/',
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
    // One module owns the database: nothing outside src/lib/db opens IndexedDB, names a store with
    // a string, or writes a table except through the write gateway (src/lib/db/gateway.ts).
    files: ['src/**/*.{ts,js,svelte}'],
    ignores: ['src/lib/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(put|add|bulkPut|bulkAdd|update|bulkUpdate|delete|bulkDelete|clear)$/][callee.object.property.name=/^(decks|cards|reviewLogs|settings|media|outbox)$/]',
          message: 'Write through the gateway (transact / transactRaw in src/lib/db), which derives columns and records the change.'
        },
        { selector: "CallExpression[callee.property.name='modify']", message: 'Write through the gateway (src/lib/db/gateway.ts), not Collection.modify.' },
        {
          selector: 'CallExpression[callee.property.name=/^(objectStore|table)$/] > Literal.arguments',
          message: 'Name stores with Store (src/lib/db/stores.ts).'
        }
      ],
      'no-restricted-imports': ['error', { patterns: gatewayImportRules }],
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
            ...gatewayImportRules,
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
