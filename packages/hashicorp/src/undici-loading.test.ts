import { readFileSync } from 'node:fs'
import { createVault } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import type { Agent } from 'undici'
import { describe, expect, it, vi } from 'vitest'
import { cloudCredential, SENTINEL, tokenCredential, useMocks } from './test-support/fixtures.js'

// Counts loads of undici and the Agents made from it, through the real package.
const undici = vi.hoisted(() => ({ loads: 0, agents: [] as Agent[], missing: false }))
vi.mock('undici', async (importOriginal) => {
  undici.loads += 1
  if (undici.missing) throw new Error("Cannot find package 'undici'")
  const actual = await importOriginal<typeof import('undici')>()
  class CountingAgent extends actual.Agent {
    constructor(...args: ConstructorParameters<typeof actual.Agent>) {
      super(...args)
      undici.agents.push(this)
    }
  }
  return { ...actual, Agent: CountingAgent }
})

const TEST_CA = readFileSync(new URL('../test-fixtures/tls/test-ca.cert.pem', import.meta.url), 'utf8')
useMocks()

/** Hands each request to msw's patched global fetch and records the dispatcher it was given. */
const dispatchers: unknown[] = []
const recordingFetch: typeof fetch = (input, init) => {
  const { dispatcher, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown }
  dispatchers.push(dispatcher)
  return globalThis.fetch(input, rest)
}

/** A credential that needs undici; https, answered in-process by msw through `recordingFetch`. */
const tlsCredential = (id: string) =>
  tokenCredential({ id, address: 'https://127.0.0.1:8200', caCert: TEST_CA })

describe('undici is loaded only for a credential with caCert or tlsSkipVerify', () => {
  it('is not loaded by importing the package, building a vault, or reading with default TLS', async () => {
    const { hashicorpVault } = await import('./index.js')
    const provider = hashicorpVault({
      fetch: recordingFetch,
      hcpAuthUrl: 'http://127.0.0.1:8201',
      hcpApiUrl: 'http://127.0.0.1:8202',
    })
    const vault = createVault({
      providers: [provider],
      credentials: [tokenCredential(), cloudCredential(), tlsCredential('private-ca')],
    })
    expect(await vault.get('hashicorp://vault/secret/app/db#password')).toBe(SENTINEL.dbPassword)
    expect(await vault.get('hashicorp://hcp/org-1/proj-1/web/api_key')).toBe(SENTINEL.hcpKeyV2)
    await vault.testCredential('vault')
    expect(undici.loads).toBe(0)
    expect(dispatchers.length).toBeGreaterThan(0)
    expect(dispatchers.every((dispatcher) => dispatcher === undefined)).toBe(true)
    await vault.close()
  })

  it('fails a TLS request with a clear error when undici cannot be loaded, and loads it on the next request', async () => {
    const { hashicorpVault } = await import('./index.js')
    const vault = createVault({
      providers: [hashicorpVault({ fetch: recordingFetch, retry: 2, retryDelay: 0 })],
      credentials: [tlsCredential('private-ca')],
    })
    undici.missing = true
    const error = await vaultFailure(vault.get('hashicorp://private-ca/secret/app/db#password'))
    expect({ code: error.code, retryable: error.retryable }).toEqual({
      code: 'UNAVAILABLE',
      retryable: false,
    })
    expect(error.message).toContain('Could not load "undici"')
    expect(error.message).toContain('"caCert"')
    expect(undici.loads).toBe(1)
    undici.missing = false
    expect(await vault.get('hashicorp://private-ca/secret/app/db#password')).toBe(SENTINEL.dbPassword)
    expect(undici.loads).toBe(2)
    await vault.close()
  })

  it('loads it once, keeps one Agent per credential, and closes them with the provider', async () => {
    const { hashicorpVault } = await import('./index.js')
    const provider = hashicorpVault({ fetch: recordingFetch, retry: 0 })
    const vault = createVault({
      providers: [provider],
      credentials: [tlsCredential('ca-one'), tlsCredential('ca-two')],
      cache: { ttl: 0 },
    })
    dispatchers.length = 0
    const reads = await Promise.all([
      vault.get('hashicorp://ca-one/secret/app/db#password'),
      vault.get('hashicorp://ca-one/secret/app/db#username'),
      vault.get('hashicorp://ca-one/secret/app/api#token'),
    ])
    expect(reads).toEqual([SENTINEL.dbPassword, 'app-user', SENTINEL.apiV2])
    expect(await vault.get('hashicorp://ca-one/secret/app/db#password')).toBe(SENTINEL.dbPassword)
    expect(undici.loads).toBe(2)
    expect(undici.agents).toHaveLength(2)
    const first = undici.agents[1]
    expect(dispatchers.length).toBeGreaterThanOrEqual(4)
    expect(dispatchers.every((dispatcher) => dispatcher === first)).toBe(true)

    expect(await vault.get('hashicorp://ca-two/secret/app/db#username')).toBe('app-user')
    expect(undici.loads).toBe(2)
    expect(undici.agents).toHaveLength(3)
    expect(dispatchers.at(-1)).toBe(undici.agents[2])

    const mine = undici.agents.slice(1)
    expect(mine.map((agent) => agent.closed)).toEqual([false, false])
    await provider.close?.()
    expect(mine.map((agent) => agent.closed)).toEqual([true, true])
    await vault.close()
  })
})
