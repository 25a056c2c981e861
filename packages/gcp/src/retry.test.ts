import { VaultError } from '@external-vault/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_RETRY, retryPolicy, withRetry } from './retry.js'

const unavailable = () => new VaultError({ code: 'UNAVAILABLE', message: 'down' })
const notFound = () => new VaultError({ code: 'SECRET_NOT_FOUND', message: 'gone' })

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('withRetry', () => {
  it('retries retryable VaultErrors until one attempt succeeds', async () => {
    const task = vi.fn<() => Promise<string>>()
    task.mockRejectedValueOnce(unavailable()).mockRejectedValueOnce(unavailable()).mockResolvedValue('ok')
    const result = withRetry(task, DEFAULT_RETRY, new AbortController().signal)
    await vi.runAllTimersAsync()
    expect(await result).toBe('ok')
    expect(task).toHaveBeenCalledTimes(3)
  })

  it('gives up after `attempts` tries with the last error', async () => {
    const task = vi.fn(() => Promise.reject(unavailable()))
    const result = withRetry(task, retryPolicy({ attempts: 4 }), new AbortController().signal)
    const settled = expect(result).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    await vi.runAllTimersAsync()
    await settled
    expect(task).toHaveBeenCalledTimes(4)
  })

  it('does not retry errors that are not retryable, nor foreign errors', async () => {
    const task = vi.fn(() => Promise.reject(notFound()))
    await expect(withRetry(task, DEFAULT_RETRY, new AbortController().signal)).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
    })
    const foreign = vi.fn(() => Promise.reject(new TypeError('bug')))
    await expect(withRetry(foreign, DEFAULT_RETRY, new AbortController().signal)).rejects.toThrow(TypeError)
    expect(task).toHaveBeenCalledTimes(1)
    expect(foreign).toHaveBeenCalledTimes(1)
  })

  it('stops waiting as soon as the signal aborts, with its reason', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1)
    const controller = new AbortController()
    const task = vi.fn(() => Promise.reject(unavailable()))
    const result = withRetry(task, retryPolicy({ backoff: 60_000, maxBackoff: 60_000 }), controller.signal)
    const settled = expect(result).rejects.toBe('stop')
    await vi.advanceTimersByTimeAsync(1000)
    controller.abort('stop')
    await settled
    expect(task).toHaveBeenCalledTimes(1)
  })

  it('backs off exponentially up to maxBackoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1)
    const task = vi.fn(() => Promise.reject(unavailable()))
    const result = withRetry(
      task,
      retryPolicy({ attempts: 4, backoff: 100, maxBackoff: 250 }),
      new AbortController().signal,
    )
    result.catch(() => undefined)
    await vi.advanceTimersByTimeAsync(99)
    expect(task).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(task).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(200)
    expect(task).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(249)
    expect(task).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(1)
    expect(task).toHaveBeenCalledTimes(4)
  })
})

describe('retryPolicy', () => {
  it('fills defaults and rejects nonsense', () => {
    expect(retryPolicy(undefined)).toEqual(DEFAULT_RETRY)
    expect(retryPolicy({ attempts: 1 })).toMatchObject({ attempts: 1, backoff: 200 })
    expect(() => retryPolicy({ attempts: 0 })).toThrow(/attempts/)
    expect(() => retryPolicy({ backoff: -1 })).toThrow(/backoff/)
    expect(() => retryPolicy({ maxBackoff: Number.NaN })).toThrow(/maxBackoff/)
  })
})
