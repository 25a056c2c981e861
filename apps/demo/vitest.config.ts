import { defineConfig } from 'vitest/config'

/**
 * Like the packages' shared config (tests in src/ and test/, a JSON report for .ci/run), but without its
 * alias to core's source: the demo uses every package through its built `dist`, as a user of them would.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
