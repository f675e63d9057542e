import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /\.bench\.ts$/,
  workers: 1,
  timeout: 30 * 60_000,
  reporter: [['list']],
  outputDir: '../../test-results/bench-moments',
});
