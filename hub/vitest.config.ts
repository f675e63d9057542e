import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Two cores shared with other work: at most two test files at once.
    maxWorkers: 2,
    testTimeout: 15_000,
    hookTimeout: 20_000,
  },
});
