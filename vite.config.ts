import { defineConfig } from 'vitest/config';

// One config for the client build (root: client/, output: dist/client, served by Express)
// and for Vitest (tests under test/, run from the project root).
export default defineConfig({
  root: 'client',
  base: './',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database suites create their own schema/database per run; files may run in parallel.
    pool: 'forks',
  },
});
