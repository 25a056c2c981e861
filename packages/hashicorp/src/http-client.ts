import { abortableDelay, sanitizeCause, VaultError } from '@external-vault/core'

/** The part of a fetch response this package reads. */
export interface FetchResponseLike {
  readonly status: number
  readonly headers: { get(name: string): string | null }
  text(): Promise<string>
}

/** What is passed to fetch: `dispatcher` only reaches undici's own fetch (private CA, tlsSkipVerify). */
export interface FetchInit {
  method: string
  headers: Record<string, string>
  body?: string
  redirect: 'manual'
  signal: AbortSignal
  dispatcher?: unknown
}

export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>

export interface HttpRequest {
  method: 'GET' | 'POST'
  url: string
  headers: Record<string, string>
  body?: string
}

export interface HttpResponse {
  status: number
  headers: { get(name: string): string | null }
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  json: unknown
  /** How many attempts were made (retries included). */
  attempts: number
  /** Values sent with the request (its token) that must be masked should the server echo them. */
  sent?: readonly string[]
}

export interface HttpClientOptions {
  /** Resolved for every request, so a fetch patched later (msw) is still used. */
  fetch: () => FetchLike
  /** Retries after the first attempt for 429, 5xx and network failures. */
  retries: number
  /** First backoff in ms; doubled for each retry, with jitter, capped at `maxRetryDelay`. */
  retryDelay: number
  maxRetryDelay: number
  /** Each attempt's own timeout in ms, within the caller's signal. */
  requestTimeout: number
  /** For messages: "Vault at https://…", "HCP Vault Secrets". */
  service: string
}

const MAX_REDIRECTS = 5
const RETRYABLE_STATUS = (status: number) => status === 429 || (status >= 500 && status <= 599)
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308])
// Certificate problems are configuration, not weather: retrying them only delays the answer.
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

function errorCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

class AttemptTimeout extends Error {
  override readonly name = 'AttemptTimeout'
}

/** What went wrong with a request that never got an HTTP answer. */
type Failure = { kind: 'network'; error: unknown } | { kind: 'timeout' }

/**
 * fetch with what every call to a vault needs: a per-attempt timeout inside the caller's signal,
 * retries with jittered exponential backoff for 429/5xx/network failures (Retry-After honoured),
 * and redirects followed only within the same origin, so a token is never sent anywhere else.
 */
export class HttpClient {
  readonly #options: HttpClientOptions

  constructor(options: HttpClientOptions) {
    this.#options = options
  }

  async send(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    const { retries } = this.#options
    let lastFailure: Failure | undefined
    for (let attempt = 0; ; attempt++) {
      signal.throwIfAborted()
      let response: HttpResponse | undefined
      try {
        response = await this.#attempt(request, signal, attempt + 1)
      } catch (error) {
        if (signal.aborted) throw signal.reason
        if (VaultError.isInstance(error)) throw error
        lastFailure = error instanceof AttemptTimeout ? { kind: 'timeout' } : { kind: 'network', error }
        const code = errorCode(error)
        if ((code !== undefined && TLS_CODES.has(code)) || attempt >= retries) {
          throw this.#failureError(request, lastFailure, attempt + 1)
        }
      }
      if (response !== undefined) {
        if (!RETRYABLE_STATUS(response.status) || attempt >= retries) return response
      }
      await abortableDelay(this.#backoff(attempt, response), signal)
    }
  }

  #backoff(attempt: number, response: HttpResponse | undefined): number {
    const { retryDelay, maxRetryDelay } = this.#options
    const retryAfter = Number(response?.headers.get('retry-after'))
    if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, maxRetryDelay)
    const ceiling = Math.min(maxRetryDelay, retryDelay * 2 ** attempt)
    return ceiling / 2 + Math.random() * (ceiling / 2)
  }

  async #attempt(request: HttpRequest, parent: AbortSignal, attempts: number): Promise<HttpResponse> {
    const controller = new AbortController()
    const onAbort = () => controller.abort(parent.reason)
    parent.addEventListener('abort', onAbort, { once: true })
    const timer = setTimeout(() => controller.abort(new AttemptTimeout()), this.#options.requestTimeout)
    try {
      let url = request.url
      let current = request
      for (let hop = 0; ; hop++) {
        const response = await this.#options.fetch()(url, {
          method: current.method,
          headers: current.headers,
          ...(current.body === undefined ? {} : { body: current.body }),
          redirect: 'manual',
          signal: controller.signal,
        })
        const location = response.headers.get('location')
        if (!REDIRECT_STATUS.has(response.status) || location === null) {
          const text = await response.text()
          return { status: response.status, headers: response.headers, json: parseJson(text), attempts }
        }
        const next = this.#redirectTarget(url, location, response.status, current, hop)
        url = next.url
        current = next.request
      }
    } catch (error) {
      if (controller.signal.reason instanceof AttemptTimeout && !parent.aborted)
        throw controller.signal.reason
      throw error
    } finally {
      clearTimeout(timer)
      parent.removeEventListener('abort', onAbort)
    }
  }

  #redirectTarget(
    from: string,
    location: string,
    status: number,
    request: HttpRequest,
    hop: number,
  ): { url: string; request: HttpRequest } {
    const source = new URL(from)
    let target: URL
    try {
      target = new URL(location, source)
    } catch {
      throw this.#redirectError(source, 'to an address that is not a URL')
    }
    if (target.origin !== source.origin) {
      throw this.#redirectError(
        source,
        `to another origin (${target.origin}); the request, which carries credentials, was not sent there`,
      )
    }
    if (hop + 1 >= MAX_REDIRECTS) throw this.#redirectError(source, `more than ${MAX_REDIRECTS} times`)
    // 307/308 keep the method and body; 301/302/303 turn a POST into a body-less GET, which a login cannot be.
    if (request.method === 'POST' && status !== 307 && status !== 308) {
      throw this.#redirectError(source, `with ${status}, which would drop the request body`)
    }
    return { url: target.href, request }
  }

  #redirectError(source: URL, how: string): VaultError {
    return new VaultError({
      code: 'UNAVAILABLE',
      retryable: false,
      provider: 'hashicorp',
      message: `${this.#options.service} redirected a request for ${source.origin}${source.pathname} ${how}. Point the address at the server that answers directly (for a Vault cluster, the active node or its load balancer).`,
    })
  }

  #failureError(request: HttpRequest, failure: Failure, attempts: number): VaultError {
    const { origin } = new URL(request.url)
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`
    if (failure.kind === 'timeout') {
      return new VaultError({
        code: 'TIMEOUT',
        provider: 'hashicorp',
        message: `${this.#options.service} at ${origin} did not answer within ${this.#options.requestTimeout} ms (${tries}). Check the network path to it, or raise "requestTimeout".`,
      })
    }
    const code = errorCode(failure.error)
    if (code !== undefined && TLS_CODES.has(code)) {
      return new VaultError({
        code: 'UNAVAILABLE',
        retryable: false,
        provider: 'hashicorp',
        message: `The TLS certificate of ${origin} is not trusted (${code}). If a private CA signed it, paste that CA's PEM certificate into the credential's "caCert".`,
        cause: sanitizeCause(failure.error, false),
      })
    }
    return new VaultError({
      code: 'UNAVAILABLE',
      provider: 'hashicorp',
      message: `Could not reach ${this.#options.service} at ${origin}${code === undefined ? '' : ` (${code})`} after ${tries}. Check the address and that the server is up.`,
      cause: sanitizeCause(failure.error, false),
    })
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
