import { defineConfig } from 'vitest/config';

/**
 * Two projects. `unit`: the tests beside the code (pure modules, the sandbox through the real SDK
 * clients in process) — `npm run test:unit`. `e2e`: the built CLI, the packed package and clients
 * nobody here wrote (the AWS CLI, moto) — it builds dist/ first when the sources are newer.
 * `npm test` runs both.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/lint/**/*.test.ts', 'test/support/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/conformance/**/*.test.ts'],
          globalSetup: ['test/support/build.ts'],
        },
      },
    ],
  },
});
