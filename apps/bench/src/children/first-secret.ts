/**
 * Runs in a fresh process: from nothing to the first secret in hand — import core and the provider,
 * build the vault, get one secret from the mock — and report the time since the process started.
 * stdin: JSON { recipe: ProviderRecipe, reference: string, expected: string }
 */
import { performance } from 'node:perf_hooks'
import type { ProviderRecipe } from '../rigs/rig.js'
import { readInput } from './read-input.js'

const input = await readInput<{
  recipe: ProviderRecipe
  reference: string
  expected: string
}>()
const { vaultFromRecipe } = await import('./vault-from-recipe.js')
const vault = await vaultFromRecipe(input.recipe)
const value = await vault.get(input.reference)
const sinceStartMs = performance.now()
await vault.close()
process.stdout.write(`${JSON.stringify({ sinceStartMs, ok: value === input.expected })}\n`)
