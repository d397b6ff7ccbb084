import { defineConfig } from 'vitest/config';

/**
 * Two projects. `unit`: the tests beside the code (pure modules, the sandbox through the real SDK
 * clients in process) — `npm run test:unit`. `e2e`: the built CLI, the packed package, the services'
 * conformance scenarios against moto_server and the HTML report in a headless browser — it builds
 * dist/ first when the sources are newer.
 * `npm test` runs both.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One module graph per worker instead of per file: importing the SDK and the sandbox again for each
    // of ~115 files cost more than the tests themselves (vitest 4 honours this option at the root
    // only, not per project). No test keeps global state across files: the in-process CLI runs restore
    // the environment and the console they borrow.
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/lint/**/*.test.ts', 'test/support/**/*.test.ts'],
          exclude: ['**/*.conformance.test.ts', '**/*.browser.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: [
            'test/e2e/**/*.test.ts',
            'test/conformance/**/*.test.ts',
            // Beside their service, but they drive moto_server or a headless browser.
            'src/**/*.conformance.test.ts',
            'src/**/*.browser.test.ts',
          ],
          globalSetup: ['test/support/build.ts'],
        },
      },
    ],
  },
});
