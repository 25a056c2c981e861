import { delay, HttpResponse } from 'msw'

/** A failure to inject into the next matching request(s) of a mock. */
export interface MockFault<Call> {
  /** Answer with this status and the API's own error body for it (or `body`). */
  status?: number
  /** JSON body to send instead of the API's default error body. */
  body?: unknown
  headers?: Record<string, string>
  /** Fail like a dropped connection (fetch rejects). */
  network?: boolean
  /** Wait this many ms first; with no status or network failure the normal answer follows. */
  latency?: number
  /** How many matching requests it applies to. Default 1. */
  count?: number
  /** Which requests it applies to. Default: every request. */
  match?: (call: Call) => boolean
}

/** Faults waiting to be applied, in the order they were added. */
export class FaultQueue<Call> {
  readonly #faults: Array<MockFault<Call> & { remaining: number }> = []

  add(fault: MockFault<Call>): void {
    this.#faults.push({ ...fault, remaining: fault.count ?? 1 })
  }

  clear(): void {
    this.#faults.length = 0
  }

  /**
   * Applies the first fault matching `call`: waits its latency, then returns the response to send,
   * or undefined when the request should be answered normally.
   */
  async apply(call: Call, errorBody: (status: number) => unknown): Promise<Response | undefined> {
    const index = this.#faults.findIndex((fault) => fault.match?.(call) ?? true)
    const fault = this.#faults[index]
    if (fault === undefined) return undefined
    fault.remaining -= 1
    if (fault.remaining <= 0) this.#faults.splice(index, 1)
    if (fault.latency !== undefined) await delay(fault.latency)
    if (fault.network) return HttpResponse.error()
    if (fault.status === undefined) return undefined
    return new HttpResponse(JSON.stringify(fault.body ?? errorBody(fault.status)), {
      status: fault.status,
      headers: { 'content-type': 'application/json', ...fault.headers },
    })
  }
}

/** A token-like random string: `prefix` and 24 base62 characters. */
export function randomToken(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = crypto.getRandomValues(new Uint8Array(24))
  return prefix + Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('')
}

export function randomId(): string {
  return crypto.randomUUID()
}
