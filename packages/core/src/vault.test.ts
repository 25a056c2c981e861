import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SecretProvider } from './provider.js'
import { type MemoryStore, memoryProvider, memoryStore } from './test-support/memory-provider.js'
import { createVault, type Vault } from './vault.js'

let store: MemoryStore
let vault: Vault

beforeEach(() => {
  store = memoryStore()
  store.secrets.set('api', ['key-1'])
  store.secrets.set('nested', [
    JSON.stringify({ db: { 'a/b': 'slash', 'c~d': 'tilde', list: ['x', 'y'] }, n: 5432 }),
  ])
  store.secrets.set('binary', [new Uint8Array([0xff, 0x00, 0xfe])])
  store.secrets.set('utf8-bytes', [new TextEncoder().encode('héllo')])
  vault = createVault({
    providers: [memoryProvider(store)],
    credentials: [{ id: 'main', provider: 'memory', token: store.validToken }],
  })
})

afterEach(() => {
  vi.useRealTimers()
})

describe('get', () => {
  it('takes object references', async () => {
    expect(await vault.get({ provider: 'memory', credential: 'main', secret: 'api' })).toBe('key-1')
    expect(
      await vault.get({ provider: 'memory', credential: 'main', secret: 'nested', key: '/db/list/1' }),
    ).toBe('y')
  })

  it('reads JSON pointers with ~1 and ~0, and returns non-string fields as JSON', async () => {
    expect(await vault.get('memory://main/nested#/db/a~1b')).toBe('slash')
    expect(await vault.get('memory://main/nested#/db/c~0d')).toBe('tilde')
    expect(await vault.get('memory://main/nested#n')).toBe('5432')
    expect(JSON.parse(await vault.get('memory://main/nested#db'))).toMatchObject({ list: ['x', 'y'] })
  })

  it('lists the key names that exist, never their values, when a key is missing', async () => {
    await expect(vault.get('memory://main/nested#/db/nope')).rejects.toMatchObject({
      code: 'KEY_NOT_FOUND',
      message: expect.stringMatching(/"a\/b", "c~d", "list"/),
    })
    const error = await vault.get('memory://main/nested#/db/nope').catch((e: Error) => e)
    expect(String(error)).not.toContain('slash')
  })

  it('refuses a key on a value that is not JSON', async () => {
    await expect(vault.get('memory://main/api#field')).rejects.toMatchObject({
      code: 'INVALID_SECRET_FORMAT',
      message: expect.stringContaining('Remove'),
    })
  })

  it('decodes UTF-8 bytes, refuses other bytes, and gives base64 on request', async () => {
    expect(await vault.get('memory://main/utf8-bytes')).toBe('héllo')
    await expect(vault.get('memory://main/binary')).rejects.toMatchObject({
      code: 'INVALID_SECRET_FORMAT',
      message: expect.stringContaining('?encoding=base64'),
    })
    expect(await vault.get('memory://main/binary?encoding=base64')).toBe('/wD+')
    expect(
      await vault.get({ provider: 'memory', credential: 'main', secret: 'binary', encoding: 'base64' }),
    ).toBe('/wD+')
    await expect(vault.get('memory://main/binary?encoding=hex')).rejects.toMatchObject({
      code: 'INVALID_REFERENCE',
    })
  })

  it('names what is missing: provider, credential, or the right provider for a credential', async () => {
    const other = memoryProvider(memoryStore(), 'other')
    const both = createVault({
      providers: [memoryProvider(store), other],
      credentials: [{ id: 'main', provider: 'memory', token: 't' }],
    })
    await expect(both.get('aws://main/x')).rejects.toMatchObject({
      code: 'UNKNOWN_PROVIDER',
      message: expect.stringContaining('memory, other'),
    })
    await expect(both.get('memory://prod/x')).rejects.toMatchObject({
      code: 'CREDENTIAL_NOT_FOUND',
      message: expect.stringContaining('"prod"'),
    })
    await expect(both.get('other://main/x')).rejects.toMatchObject({
      code: 'INVALID_REFERENCE',
      reference: 'other://main/x',
    })
  })

  it('times out a fetch that does not answer, even if the provider ignores its signal', async () => {
    vi.useFakeTimers()
    const hanging: SecretProvider = { ...memoryProvider(store), fetchSecret: () => new Promise(() => {}) }
    const slow = createVault({
      providers: [hanging],
      credentials: [{ id: 'main', provider: 'memory', token: 't' }],
      timeout: 5000,
    })
    const result = slow.get('memory://main/api').catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(5000)
    expect(await result).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
      message: expect.stringContaining('5000 ms'),
    })
    expect(slow.cache.stats().inFlight).toBe(0)
  })

  it('lets one caller abort without failing the others, and aborts upstream when all have gone', async () => {
    let upstream: AbortSignal | undefined
    let answer: (value: string) => void = () => {}
    const gated: SecretProvider = {
      ...memoryProvider(store),
      fetchSecret: (_locator, _credential, { signal }) => {
        upstream = signal
        return new Promise((resolve) => {
          answer = (value) => resolve({ value })
        })
      },
    }
    const v = createVault({
      providers: [gated],
      credentials: [{ id: 'main', provider: 'memory', token: 't' }],
    })
    const first = new AbortController()
    const second = new AbortController()
    const a = v.get('memory://main/api', { signal: first.signal })
    const b = v.get('memory://main/api', { signal: second.signal })
    first.abort()
    await expect(a).rejects.toMatchObject({ name: 'AbortError' })
    expect(upstream?.aborted).toBe(false)
    answer('late')
    expect(await b).toBe('late')

    v.cache.clear()
    const c = new AbortController()
    const pending = v.get('memory://main/api', { signal: c.signal })
    c.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    expect(upstream?.aborted).toBe(true)
  })

  it('wraps a provider’s own exception as UNAVAILABLE without its message', async () => {
    const broken: SecretProvider = {
      ...memoryProvider(store),
      fetchSecret: () => Promise.reject(new Error('socket hang up token=SENTINEL-broken')),
    }
    const v = createVault({
      providers: [broken],
      credentials: [{ id: 'main', provider: 'memory', token: 't' }],
    })
    const error = await v.get('memory://main/api').catch((e: Error) => e)
    expect(error).toMatchObject({ code: 'UNAVAILABLE', provider: 'memory', reference: 'memory://main/api' })
    expect(JSON.stringify(error) + String(error) + String((error as Error).cause)).not.toContain(
      'SENTINEL-broken',
    )
  })
})

describe('createVault options', () => {
  it('refuses a provider of another specification and duplicate ids', () => {
    const provider = memoryProvider(store)
    expect(() => createVault({ providers: [{ ...provider, specificationVersion: 'v2' } as never] })).toThrow(
      /v1/,
    )
    expect(() => createVault({ providers: [provider, provider] })).toThrow(/twice|Two providers/)
    expect(() => createVault({ providers: [provider], timeout: 0 })).toThrow(RangeError)
  })
})

describe('testCredential and close', () => {
  it('runs the provider’s test, and says when the credential is missing', async () => {
    const calls: string[] = []
    const testing: SecretProvider = {
      ...memoryProvider(store),
      testCredential: async (credential) => {
        calls.push(credential.id)
      },
    }
    const v = createVault({
      providers: [testing],
      credentials: [{ id: 'main', provider: 'memory', token: 't' }],
    })
    await v.testCredential('main')
    expect(calls).toEqual(['main'])
    await expect(v.testCredential('nope')).rejects.toMatchObject({ code: 'CREDENTIAL_NOT_FOUND' })
  })

  it('close clears the cache and closes every provider', async () => {
    let closed = 0
    const closing: SecretProvider = { ...memoryProvider(store), close: async () => void closed++ }
    const v = createVault({
      providers: [closing],
      credentials: [{ id: 'main', provider: 'memory', token: store.validToken }],
    })
    await v.get('memory://main/api')
    await v.close()
    expect(closed).toBe(1)
    expect(v.cache.stats().size).toBe(0)
  })
})
