import { secret } from '@external-vault/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CachedToken, type IssuedToken, refreshTime } from './cached-token.js'

afterEach(() => {
  vi.useRealTimers()
})

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((yes, no) => {
    resolve = yes
    reject = no
  })
  return { promise, resolve, reject }
}

const signal = () => new AbortController().signal

describe('refreshTime', () => {
  it('renews a tenth of the lease early, at most 60 s early, and never for a lease of 0', () => {
    expect(refreshTime(0, 3600)).toBe(3_540_000)
    expect(refreshTime(1_000, 60)).toBe(55_000)
    expect(refreshTime(0, 0)).toBeUndefined()
  })
})

describe('CachedToken', () => {
  it('shares one login between concurrent callers', async () => {
    const login = deferred<IssuedToken>()
    const issue = vi.fn(() => login.promise)
    const tokens = new CachedToken(issue)
    const waiting = [tokens.get(signal()), tokens.get(signal()), tokens.get(signal())]
    login.resolve({ value: secret('t1'), refreshAt: undefined })
    const results = await Promise.all(waiting)
    expect(new Set(results).size).toBe(1)
    expect(issue).toHaveBeenCalledTimes(1)
  })

  it('does not remember a failed login', async () => {
    const issue = vi
      .fn<() => Promise<IssuedToken>>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValueOnce({ value: secret('t2'), refreshAt: undefined })
    const tokens = new CachedToken(issue)
    await expect(tokens.get(signal())).rejects.toThrow('down')
    expect((await tokens.get(signal())).value.reveal()).toBe('t2')
  })

  it('lets one caller give up without failing the others', async () => {
    const login = deferred<IssuedToken>()
    const tokens = new CachedToken(() => login.promise)
    const quitter = new AbortController()
    const first = tokens.get(quitter.signal)
    const second = tokens.get(signal())
    quitter.abort(new Error('gave up'))
    await expect(first).rejects.toThrow('gave up')
    login.resolve({ value: secret('t3'), refreshAt: undefined })
    expect((await second).value.reveal()).toBe('t3')
  })

  it('logs in again once the refresh time passes, and after invalidate (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(0)
    let count = 0
    const tokens = new CachedToken(async () => ({
      value: secret(`t${++count}`),
      refreshAt: Date.now() + 1_000,
    }))
    const first = await tokens.get(signal())
    vi.setSystemTime(999)
    expect(await tokens.get(signal())).toBe(first)
    vi.setSystemTime(1_000)
    const second = await tokens.get(signal())
    expect(second.value.reveal()).toBe('t2')
    tokens.invalidate(first) // stale: no effect
    expect(await tokens.get(signal())).toBe(second)
    tokens.invalidate(second)
    expect((await tokens.get(signal())).value.reveal()).toBe('t3')
  })
})
