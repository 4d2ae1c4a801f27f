import { afterEach, describe, expect, it } from 'vitest';
import { basePath, buildId } from '../../scripts/build-settings.js';

const saved = { BASE_PATH: process.env.BASE_PATH, APP_BUILD_ID: process.env.APP_BUILD_ID };
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('build id', () => {
  it('is the commit and the build time, and the same for every reader of one build', () => {
    delete process.env.APP_BUILD_ID;
    const id = buildId();
    expect(id).toMatch(/^([0-9a-f]{7,}-)?\d{8}T\d{6}Z$/);
    // svelte.config.js is read again by SvelteKit's child processes of the same build.
    expect(buildId()).toBe(id);
    expect(process.env.APP_BUILD_ID).toBe(id);
  });
});

describe('base path', () => {
  it('is empty at the root and a path without a trailing slash under a sub-path', () => {
    delete process.env.BASE_PATH;
    expect(basePath()).toBe('');
    process.env.BASE_PATH = '/flashcards/';
    expect(basePath()).toBe('/flashcards');
    process.env.BASE_PATH = '/apps/flash-cards';
    expect(basePath()).toBe('/apps/flash-cards');
  });

  it('refuses what is not a root-relative path, naming it', () => {
    process.env.BASE_PATH = 'flashcards';
    expect(() => basePath()).toThrow('BASE_PATH must be a path such as /flashcards, not "flashcards"');
    process.env.BASE_PATH = 'https://example.org/flashcards';
    expect(() => basePath()).toThrow(/BASE_PATH must be a path/);
  });
});
