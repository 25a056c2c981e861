import { afterEach, describe, expect, it, vi } from 'vitest'
import { abortableDelay } from './abortable-delay.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('abortableDelay', () => {
  it('resolves after the delay', async () => {
    vi.useFakeTimers()
    let done = false
    const waiting = abortableDelay(1000, new AbortController().signal).then(() => {
      done = true
    })
    await vi.advanceTimersByTimeAsync(999)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await waiting
    expect(done).toBe(true)
  })

  it('rejects with the reason as soon as the signal aborts, or at once if it already has', async () => {
    const controller = new AbortController()
    const waiting = abortableDelay(60_000, controller.signal)
    controller.abort(new Error('stop'))
    await expect(waiting).rejects.toThrow('stop')
    await expect(abortableDelay(1, controller.signal)).rejects.toThrow('stop')
  })
})
