import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CacheOptions } from './secret-cache.js'
import { type MemoryStore, memoryProvider, memoryStore } from './test-support/memory-provider.js'
import { createVault, type Vault } from './vault.js'
import { VaultError } from './vault-error.js'

const MINUTE = 60_000
let store: MemoryStore

function vaultWith(cache?: CacheOptions): Vault {
  return createVault({
    providers: [memoryProvider(store)],
    credentials: [
      { id: 'main', provider: 'memory', token: store.validToken },
      { id: 'second', provider: 'memory', token: store.validToken },
    ],
    ...(cache ? { cache } : {}),
  })
}

function setSecret(name: string, ...versions: string[]): void {
  store.secrets.set(name, versions)
}

beforeEach(() => {
  vi.useFakeTimers()
  store = memoryStore()
  setSecret('db', JSON.stringify({ user: 'app', password: 'pw-1' }))
  setSecret('api', 'key-1')
})

afterEach(() => {
  vi.useRealTimers()
})

describe('cache TTL', () => {
  it('serves from memory for 30 minutes by default, then fetches again', async () => {
    const vault = vaultWith()
    expect(vault.cache.ttl).toBe(30 * MINUTE)
    expect(await vault.get('memory://main/api')).toBe('key-1')
    setSecret('api', 'key-2')
    vi.advanceTimersByTime(30 * MINUTE - 1)
    expect(await vault.get('memory://main/api')).toBe('key-1')
    vi.advanceTimersByTime(1)
    expect(await vault.get('memory://main/api')).toBe('key-2')
    expect(store.calls).toBe(2)
    expect(vault.cache.stats()).toMatchObject({ hits: 1, misses: 2, size: 1, inFlight: 0 })
  })

  it('applies a new TTL to entries already cached', async () => {
    const vault = vaultWith()
    await vault.get('memory://main/api')
    vi.advanceTimersByTime(5 * MINUTE)
    vault.cache.setTtl(5 * MINUTE)
    await vault.get('memory://main/api')
    expect(store.calls).toBe(2)
    vault.cache.setTtl(60 * MINUTE)
    vi.advanceTimersByTime(30 * MINUTE)
    await vault.get('memory://main/api')
    expect(store.calls).toBe(2)
  })

  it('caches nothing with TTL 0, but still shares concurrent fetches', async () => {
    const vault = vaultWith({ ttl: 0 })
    await vault.get('memory://main/api')
    await vault.get('memory://main/api')
    expect(store.calls).toBe(2)
    expect(vault.cache.stats().size).toBe(0)
    await Promise.all([vault.get('memory://main/api'), vault.get('memory://main/api')])
    expect(store.calls).toBe(3)
  })

  it('refuses nonsense durations with a RangeError that says the unit', () => {
    const vault = vaultWith()
    expect(() => vault.cache.setTtl(-1)).toThrow(/milliseconds/)
    expect(() => vault.cache.setTtl(Number.NaN)).toThrow(RangeError)
    expect(() => vaultWith({ max: 0 })).toThrow(/max/)
  })
})

describe('cache bounds and sharing', () => {
  it('evicts the least recently used secret past max', async () => {
    for (const name of ['a', 'b', 'c']) setSecret(name, `value-${name}`)
    const vault = vaultWith({ max: 2 })
    await vault.get('memory://main/a')
    await vault.get('memory://main/b')
    await vault.get('memory://main/a')
    await vault.get('memory://main/c')
    expect(store.calls).toBe(3)
    await vault.get('memory://main/a')
    expect(store.calls).toBe(3)
    await vault.get('memory://main/b')
    expect(store.calls).toBe(4)
    expect(vault.cache.stats().size).toBe(2)
  })

  it('makes one fetch for 1,000 concurrent gets of one uncached secret', async () => {
    const vault = vaultWith()
    let open: () => void = () => {}
    store.gate = new Promise((resolve) => {
      open = resolve
    })
    const gets = Array.from({ length: 1000 }, (_, index) =>
      vault.get(index % 2 ? 'memory://main/db#password' : 'memory://main/db'),
    )
    await vi.advanceTimersByTimeAsync(0)
    expect(vault.cache.stats().inFlight).toBe(1)
    open()
    const values = await Promise.all(gets)
    expect(store.calls).toBe(1)
    expect(values[1]).toBe('pw-1')
    expect(JSON.parse(values[0] as string)).toEqual({ user: 'app', password: 'pw-1' })
  })

  it('does not cache a failure', async () => {
    const vault = vaultWith()
    store.failWith = new VaultError({ code: 'UNAVAILABLE', message: 'down' })
    await expect(vault.get('memory://main/api')).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    store.failWith = undefined
    expect(await vault.get('memory://main/api')).toBe('key-1')
    expect(store.calls).toBe(2)
  })

  it('keys by credential: the same secret through two credentials is two entries', async () => {
    const vault = vaultWith()
    await vault.get('memory://main/api')
    await vault.get('memory://second/api')
    expect(store.calls).toBe(2)
  })

  it('keys by version but not by JSON key or encoding', async () => {
    setSecret('api', 'key-1', 'key-2')
    const vault = vaultWith()
    expect(await vault.get('memory://main/api?version=1')).toBe('key-1')
    expect(await vault.get('memory://main/api?version=2')).toBe('key-2')
    expect(store.calls).toBe(2)
    await vault.get('memory://main/db#user')
    await vault.get('memory://main/db#password')
    await vault.get('memory://main/db?encoding=base64')
    expect(store.calls).toBe(3)
  })
})

describe('staleIfError', () => {
  it('serves the last good value within the window when the vault cannot be reached', async () => {
    const vault = vaultWith({ ttl: MINUTE, staleIfError: 10 * MINUTE })
    await vault.get('memory://main/api')
    vi.advanceTimersByTime(5 * MINUTE)
    store.failWith = new VaultError({ code: 'UNAVAILABLE', message: 'down' })
    expect(await vault.get('memory://main/api')).toBe('key-1')
    vi.advanceTimersByTime(6 * MINUTE)
    await expect(vault.get('memory://main/api')).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  })

  it('does not hide an error that is not about reaching the vault', async () => {
    const vault = vaultWith({ ttl: MINUTE, staleIfError: 10 * MINUTE })
    await vault.get('memory://main/api')
    vi.advanceTimersByTime(2 * MINUTE)
    store.secrets.delete('api')
    await expect(vault.get('memory://main/api')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' })
  })

  it('fetches again once the vault is back', async () => {
    const vault = vaultWith({ ttl: MINUTE, staleIfError: 10 * MINUTE })
    await vault.get('memory://main/api')
    vi.advanceTimersByTime(2 * MINUTE)
    store.failWith = new VaultError({ code: 'THROTTLED', message: 'slow down' })
    await vault.get('memory://main/api')
    store.failWith = undefined
    setSecret('api', 'key-2')
    expect(await vault.get('memory://main/api')).toBe('key-2')
  })
})

describe('clearing', () => {
  it('clears all, by credential, or by provider, and says how many went', async () => {
    const other = memoryStore()
    other.secrets.set('api', ['other-1'])
    const vault = createVault({
      providers: [memoryProvider(store), memoryProvider(other, 'other')],
      credentials: [
        { id: 'main', provider: 'memory', token: store.validToken },
        { id: 'second', provider: 'memory', token: store.validToken },
        { id: 'o', provider: 'other', token: other.validToken },
      ],
    })
    const fill = () =>
      Promise.all(
        ['memory://main/api', 'memory://main/db', 'memory://second/api', 'other://o/api'].map((r) =>
          vault.get(r),
        ),
      )
    await fill()
    expect(vault.cache.clear({ credential: 'main' })).toBe(2)
    expect(vault.cache.clear({ provider: 'other' })).toBe(1)
    expect(vault.cache.clear({ provider: 'memory', credential: 'nobody' })).toBe(0)
    expect(vault.cache.stats().size).toBe(1)
    await fill()
    expect(vault.cache.clear()).toBe(4)
    expect(vault.cache.stats().size).toBe(0)
  })

  it('drops a credential’s entries when it is edited or removed, and fetches with the new one', async () => {
    const vault = vaultWith()
    await vault.get('memory://main/api')
    await vault.get('memory://second/api')
    vault.credentials.update({ id: 'main', provider: 'memory', token: 'rotated-token' })
    expect(vault.cache.stats().size).toBe(1)
    await expect(vault.get('memory://main/api')).rejects.toMatchObject({ code: 'AUTHENTICATION_FAILED' })
    vault.credentials.update({ id: 'main', provider: 'memory', token: store.validToken })
    expect(await vault.get('memory://main/api')).toBe('key-1')
    expect(vault.credentials.remove('second')).toBe(true)
    expect(vault.cache.stats().size).toBe(1)
    await expect(vault.get('memory://second/api')).rejects.toMatchObject({ code: 'CREDENTIAL_NOT_FOUND' })
  })

  it('does not reuse a memoised object-reference plan once its credential is edited', async () => {
    const vault = vaultWith()
    const reference = { provider: 'memory', credential: 'main', secret: 'api' }
    expect(await vault.get({ ...reference })).toBe('key-1')
    vault.credentials.update({ id: 'main', provider: 'memory', token: 'rotated-token' })
    await expect(vault.get({ ...reference })).rejects.toMatchObject({ code: 'AUTHENTICATION_FAILED' })
    vault.credentials.remove('main')
    await expect(vault.get({ ...reference })).rejects.toMatchObject({ code: 'CREDENTIAL_NOT_FOUND' })
  })

  it('counts a hit on the fast path and a miss on a fetch', async () => {
    const vault = vaultWith()
    await vault.get('memory://main/db#user')
    await vault.get('memory://main/db#password')
    await vault.get({ provider: 'memory', credential: 'main', secret: 'db', key: 'user' })
    expect(vault.cache.stats()).toMatchObject({ hits: 2, misses: 1 })
    expect(store.calls).toBe(1)
  })
})
