import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const clientRoot = fileURLToPath(new URL('./client/', import.meta.url));

// One config for the client build (root: client/, output: dist/client, served by Express)
// and for Vitest (tests under test/, run from the project root). Seven pages: the map (index.html),
// the health bureau's indicator dashboard (dashboard.html), the import wizard (import.html), the admin
// page (admin.html), a city's or province's roll-up (rollup.html) and the help (help.html); shared
// code goes into common chunks.
export default defineConfig({
  root: 'client',
  base: './',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        main: `${clientRoot}index.html`,
        dashboard: `${clientRoot}dashboard.html`,
        import: `${clientRoot}import.html`,
        admin: `${clientRoot}admin.html`,
        rollup: `${clientRoot}rollup.html`,
        help: `${clientRoot}help.html`,
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Browser tests poll the page; sign-in hashes a password with bcrypt, which takes over a second on a
    // loaded 2-core machine, so the default one-second poll fails there for no fault of the page.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
    // Database suites create their own schema/database per run; files may run in parallel.
    pool: 'forks',
  },
});
