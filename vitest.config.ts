import { configDefaults, defineConfig } from 'vitest/config';

// Two projects in one `vitest run`: everything else, and the browser tests of the web app (test/web-*.test.ts), which
// build the app once (globalSetup), drive Debian's Chromium one file at a time and get longer timeouts.

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/web-*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'web',
          include: ['test/web-*.test.ts'],
          globalSetup: ['test/helpers/web-build.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
