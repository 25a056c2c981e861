import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const coreSource = fileURLToPath(new URL('./packages/core/src/', import.meta.url))

/**
 * The vitest config every package uses: tests beside their source, a JSON report that .ci/run
 * adds up, and core resolved from its source so a provider's tests see core's current code without a build.
 */
export function packageTestConfig() {
  return defineConfig({
    resolve: {
      alias: [
        { find: /^@external-vault\/core\/testing$/, replacement: `${coreSource}testing/index.ts` },
        {
          find: /^@external-vault\/core\/testing\/serve-handlers$/,
          replacement: `${coreSource}testing/serve-handlers.ts`,
        },
        { find: /^@external-vault\/core$/, replacement: `${coreSource}index.ts` },
      ],
    },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
      testTimeout: 20_000,
    },
  })
}
