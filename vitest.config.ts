import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/setup/build-cli.ts', 'test/setup/temp-root.ts'],
    setupFiles: ['test/setup/ink-env.ts', 'test/setup/action-specs.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Database tests start real PostgreSQL clusters; two cores are all we have.
    maxWorkers: 2,
  },
});
