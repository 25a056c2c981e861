import { readFileSync } from 'node:fs'
import { defineConfig } from 'tsup'

/**
 * Every published package is bundled the same way: one ESM file per `exports` entry (shared code in chunks),
 * its dependencies left external. Bundling is for start-up: Node loads one file instead of a dozen
 * (issue 7's import-time target). Types come from `tsc --emitDeclarationOnly` beside it.
 */
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> }
const entry = Object.values(pkg.exports)
  .map((target) =>
    typeof target === 'object' && target !== null ? (target as { default?: string }).default : undefined,
  )
  .filter((target): target is string => typeof target === 'string' && target.startsWith('./dist/'))
  .map((target) => target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'))

export default defineConfig({
  entry,
  outDir: 'dist',
  format: 'esm',
  target: 'node20',
  platform: 'node',
  splitting: true,
  clean: true,
})
