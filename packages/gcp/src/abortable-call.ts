import { AsyncLocalStorage } from 'node:async_hooks'

// The SDK's REST calls take no AbortSignal. Each call runs inside this store, and the transport adapter
// below reads it, so aborting the signal really cancels the HTTP request (its socket closes).
const callSignal = new AsyncLocalStorage<AbortSignal>()

/**
 * Starts an SDK call unless the signal has aborted, and settles with it, or with the signal's reason as
 * soon as it aborts (even while the SDK is still signing or initialising, before any request exists).
 */
export function abortableCall<T>(start: () => Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted()
  const call = callSignal.run(signal, start)
  // After an abort the call rejects too; nobody waits for it any more.
  call.catch(() => undefined)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    call.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** The part of a gaxios request config the adapter touches. */
export interface TransportConfig {
  signal?: AbortSignal | null
}

export type TransportAdapter = <C extends TransportConfig, R>(
  config: C,
  next: (config: C) => Promise<R>,
) => Promise<R>

/**
 * A gaxios adapter (google-auth-library's HTTP transport) that aborts each request when the current
 * call's signal aborts, when the SDK cancels it, or after `timeout` ms without a response. It uses its
 * own AbortController and timer: on Node 20, a timeout signal combined with AbortSignal.any can be
 * collected before it fires, so gaxios's own `timeout` option may never trigger.
 */
export function abortableAdapter(timeout: number, inner?: TransportAdapter): TransportAdapter {
  return async (config, next) => {
    const controller = new AbortController()
    const sources = [config.signal, callSignal.getStore()].filter((source): source is AbortSignal => !!source)
    const onAbort = (event: Event) => controller.abort((event.target as AbortSignal).reason)
    for (const source of sources) {
      if (source.aborted) controller.abort(source.reason)
      else source.addEventListener('abort', onAbort, { once: true })
    }
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeout)
    try {
      const request = { ...config, signal: controller.signal }
      return await (inner ? inner(request, next) : next(request))
    } catch (error) {
      if (!timedOut) throw error
      // gaxios copies `code` onto its GaxiosError, so the provider sees a network timeout.
      throw Object.assign(new Error(`No response within ${timeout} ms.`), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
      })
    } finally {
      clearTimeout(timer)
      for (const source of sources) source.removeEventListener('abort', onAbort)
    }
  }
}
