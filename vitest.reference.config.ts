import { defineConfig } from 'vitest/config';
import app from './vite.config.ts';

/**
 * Opt-in reference tests (`npm run test:fsrs-reference`): the app's optimizer against fsrs-rs
 * through its Node binding, a native dev dependency. Not part of `npm test`.
 */
export default defineConfig({
  ...app,
  test: { ...app.test, include: ['tests/reference/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 }
});
