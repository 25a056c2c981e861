// The SDK's REST calls take no AbortSignal. Each call is given an id that travels with its HTTP request as
// a header (through the SDK's per-call `otherArgs.headers`); the transport adapter below takes the header
// off and aborts the request with that call's signal, so aborting really cancels it (its socket closes).
// No AsyncLocalStorage: on Node 20 it turns on promise hooks for the whole process, making every
// `await` of the application slower from the first call on.
export const CALL_HEADER = 'x-external-vault-call'

/** Signals of the calls in flight, by call id; an entry lives until its call settles. */
const callSignals = new Map<string, AbortSignal>()
let lastCallId = 0

/** Call options that tie an SDK call's request to its signal: spread them into the call's options. */
export interface CallOptions {
  otherArgs: { headers: Record<string, string> }
}

/**
 * Starts an SDK call unless the signal has aborted, and settles with it, or with the signal's reason as
 * soon as it aborts (even while the SDK is still signing or initialising, before any request exists).
 */
export function abortableCall<T>(
  start: (options: CallOptions) => Promise<T>,
  signal: AbortSignal,
): Promise<T> {
  signal.throwIfAborted()
  lastCallId += 1
  const id = String(lastCallId)
  callSignals.set(id, signal)
  let call: Promise<T>
  try {
    call = start({ otherArgs: { headers: { [CALL_HEADER]: id } } })
  } catch (error) {
    callSignals.delete(id)
    throw error
  }
  // Forgotten once settled. This also handles its rejection after an abort, which nobody waits for.
  call.then(
    () => callSignals.delete(id),
    () => callSignals.delete(id),
  )
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
  headers?: ConstructorParameters<typeof Headers>[0]
  signal?: AbortSignal | null
}

export type TransportAdapter = <C extends TransportConfig, R>(
  config: C,
  next: (config: C) => Promise<R>,
) => Promise<R>

/** The request's headers without the call id, and the signal of the call it belongs to, if any. */
function takeCall(config: TransportConfig): { headers: Headers; signal: AbortSignal | undefined } {
  const headers = new Headers(config.headers)
  const id = headers.get(CALL_HEADER)
  headers.delete(CALL_HEADER)
  return { headers, signal: id === null ? undefined : callSignals.get(id) }
}

/**
 * A gaxios adapter (google-auth-library's HTTP transport) that aborts each request when its call's
 * signal aborts, when the SDK cancels it, or after `timeout` ms without a response. It uses its
 * own AbortController and timer: on Node 20, a timeout signal combined with AbortSignal.any can be
 * collected before it fires, so gaxios's own `timeout` option may never trigger.
 */
export function abortableAdapter(timeout: number, inner?: TransportAdapter): TransportAdapter {
  return async (config, next) => {
    const controller = new AbortController()
    const call = takeCall(config)
    const sources = [config.signal, call.signal].filter((source): source is AbortSignal => !!source)
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
      // A copy: gaxios may send the same config again, and the id must still be on it then.
      const request = { ...config, headers: call.headers, signal: controller.signal }
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
