import type { Secret } from '@external-vault/core'
import type { HttpResponse } from './http-client.js'

export interface IssuedToken {
  readonly value: Secret
  /** Epoch ms after which the token is not used any more (shortly before its lease ends); undefined = never. */
  readonly refreshAt: number | undefined
}

/** The longest a token is renewed ahead of its lease end; shorter leases renew a tenth of their length early. */
const MAX_REFRESH_MARGIN = 60_000

/** When to stop using a token that was issued at `issuedAt` (ms) for `leaseSeconds` (0 = no expiry). */
export function refreshTime(issuedAt: number, leaseSeconds: number): number | undefined {
  if (!Number.isFinite(leaseSeconds) || leaseSeconds <= 0) return undefined
  const lease = leaseSeconds * 1000
  return issuedAt + lease - Math.min(MAX_REFRESH_MARGIN, lease / 10)
}

/** Resolves with `promise`, or rejects with the signal's reason as soon as it aborts (the promise goes on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted()
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** Where a request's token comes from. */
export interface TokenSource {
  get(signal: AbortSignal): Promise<IssuedToken>
  invalidate(token: IssuedToken): void
  /** True when a rejected token can be replaced by logging in again. */
  readonly canRelogin: boolean
}

/** A token given as is: never refreshed, never replaced. */
export class StaticToken implements TokenSource {
  readonly canRelogin = false
  readonly #token: IssuedToken

  constructor(value: Secret) {
    this.#token = { value, refreshAt: undefined }
  }

  get(): Promise<IssuedToken> {
    return Promise.resolve(this.#token)
  }

  invalidate(): void {}
}

/**
 * Sends a request with the source's token; when the server rejects it with `rejectedStatus` and the
 * token came from a login, logs in once more (shared with concurrent callers) and retries once.
 */
export async function sendAuthorised(
  source: TokenSource,
  rejectedStatus: number,
  send: (token: IssuedToken) => Promise<HttpResponse>,
  signal: AbortSignal,
): Promise<HttpResponse> {
  const sendWith = async (token: IssuedToken) => ({ ...(await send(token)), sent: [token.value.reveal()] })
  const token = await source.get(signal)
  const response = await sendWith(token)
  if (response.status !== rejectedStatus || !source.canRelogin) return response
  source.invalidate(token)
  return sendWith(await source.get(signal))
}

/**
 * A token obtained by logging in (AppRole) or by a client-credentials grant (HCP): issued on first use,
 * shared by every concurrent caller (one login), reused until shortly before its lease ends, and
 * dropped when the server rejects it. A failed login is not remembered; the next call tries again.
 * The login runs on its own (timed) request, so one caller giving up does not fail the others.
 */
export class CachedToken implements TokenSource {
  readonly canRelogin = true
  readonly #issue: () => Promise<IssuedToken>
  #current: IssuedToken | undefined
  #pending: Promise<IssuedToken> | undefined

  constructor(issue: () => Promise<IssuedToken>) {
    this.#issue = issue
  }

  get(signal: AbortSignal): Promise<IssuedToken> {
    const current = this.#current
    if (current !== undefined && (current.refreshAt === undefined || Date.now() < current.refreshAt)) {
      return Promise.resolve(current)
    }
    return untilAborted(this.#login(), signal)
  }

  /** Logs in now, whatever is cached (for "Test connection"); concurrent callers still share it. */
  refresh(signal: AbortSignal): Promise<IssuedToken> {
    this.#current = undefined
    return untilAborted(this.#login(), signal)
  }

  /** Forgets `token` if it is still the current one (several callers may report the same rejection). */
  invalidate(token: IssuedToken): void {
    if (this.#current === token) this.#current = undefined
  }

  #login(): Promise<IssuedToken> {
    if (this.#pending === undefined) {
      const pending = this.#issue()
        .then((token) => {
          this.#current = token
          return token
        })
        .finally(() => {
          if (this.#pending === pending) this.#pending = undefined
        })
      // Callers that aborted no longer listen; the rejection must not surface as unhandled.
      pending.catch(() => undefined)
      this.#pending = pending
    }
    return this.#pending
  }
}
