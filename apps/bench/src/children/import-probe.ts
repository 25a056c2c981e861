/**
 * Runs in a fresh process: imports the given modules and reports how long that took. With a recipe it
 * then builds the provider and a vault holding the credential, without fetching, so the parent can
 * check (through `record-modules`) that no vault SDK was loaded by any of it.
 * stdin: JSON { imports: string[], recipe?: ProviderRecipe }
 */
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'
import type { ProviderRecipe } from '../rigs/rig.js'
import { readInput } from './read-input.js'

interface ProbeInput {
  imports: string[]
  recipe?: ProviderRecipe
}

const input = await readInput<ProbeInput>()
const start = performance.now()
const modules: Record<string, unknown>[] = []
for (const specifier of input.imports) modules.push(await import(specifier))
const importMs = performance.now() - start

if (input.recipe !== undefined) {
  const { vaultFromRecipe } = await import('./vault-from-recipe.js')
  const vault = await vaultFromRecipe(input.recipe)
  vault.findReferences('')
}

process.stdout.write(
  `${JSON.stringify({
    importMs,
    sinceStartMs: performance.now(),
    exports: modules.map((module) => Object.keys(module).length),
    // CommonJS modules loaded by anything; ES modules are reported by the resolve hook.
    commonjs: Object.keys(createRequire(import.meta.url).cache),
  })}\n`,
)
