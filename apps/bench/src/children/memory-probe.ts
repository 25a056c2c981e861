/**
 * Runs in a fresh process with --expose-gc: heap growth of a vault holding N cached secrets of B bytes
 * each (one-byte strings, made by the in-bench provider when fetched, so only the cache holds them).
 * stdin: JSON { secrets: number, secretBytes: number }
 */
import { createVault } from '@external-vault/core'
import { BenchProvider } from '../bench-provider.js'
import { readInput } from './read-input.js'

const { secrets, secretBytes } = await readInput<{
  secrets: number
  secretBytes: number
}>()
const collect = (globalThis as { gc?: () => void }).gc
if (collect === undefined) throw new Error('Run with --expose-gc.')

function settledHeap(): number {
  for (let i = 0; i < 3; i++) collect?.()
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.arrayBuffers
}

const provider = new BenchProvider((name) => {
  const prefix = `${name}:`
  return prefix + Buffer.alloc(secretBytes - prefix.length, 'x').toString('latin1')
})
const vault = createVault({
  providers: [provider],
  credentials: [{ id: 'memory', provider: 'bench' }],
  cache: { max: secrets },
})
// Warm everything that is not per-secret (code, the plan memo's first entries) before the baseline.
await vault.get('bench://memory/warm-up')
vault.cache.clear()
const before = settledHeap()
for (let i = 0; i < secrets; i++) await vault.get(`bench://memory/secret-${i}`)
const after = settledHeap()
const held = vault.cache.stats().size
const sample = await vault.get(`bench://memory/secret-${secrets - 1}`)
process.stdout.write(
  `${JSON.stringify({ growth: after - before, held, sampleLength: sample.length, calls: provider.calls })}\n`,
)
