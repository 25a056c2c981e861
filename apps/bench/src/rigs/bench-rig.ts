import { BenchProvider } from '../bench-provider.js'
import type { Rig } from './rig.js'

/**
 * Core with the in-bench provider: no socket, no SDK. Its rows show what core itself costs,
 * beside the same work through each real provider and its mock.
 */
export function startBenchRig(): Rig {
  const secrets = new Map<string, string>()
  const providers: BenchProvider[] = []
  let latencyMs = 0
  const credential = { id: 'bench', provider: 'bench' }
  return {
    label: 'core only',
    credential,
    createProvider() {
      const provider = new BenchProvider((name) => secrets.get(name))
      provider.latencyMs = latencyMs
      providers.push(provider)
      return provider
    },
    seed: async (name, value) => void secrets.set(name, value),
    reference: (name, key) => `bench://bench/${name}${key === undefined ? '' : `#${key}`}`,
    objectReference: (name, key) => ({
      provider: 'bench',
      credential: 'bench',
      secret: name,
      ...(key === undefined ? {} : { key }),
    }),
    upstreamCalls: async () => providers.reduce((sum, provider) => sum + provider.calls, 0),
    async setLatency(ms) {
      latencyMs = ms
      for (const provider of providers) provider.latencyMs = ms
    },
    async close() {},
  }
}
