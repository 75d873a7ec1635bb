// Test settings. Speed is measured by `npm run bench`, never by tests: the default 5 s per test
// turned data-driven tests (every line of every seed, run through a stage) into timing checks
// that failed when the 2-core machine was busy (test/seen.test.ts took 7.4 s and
// test/words.test.ts 5.1 s while models were training). A hang still fails, after 60 s.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
  },
});
