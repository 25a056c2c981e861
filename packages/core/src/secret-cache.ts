import { LRUCache } from 'lru-cache'
import type { SecretPayload } from './provider.js'

export interface CacheOptions {
  /** How long a fetched secret is served from memory, in ms. 0 turns caching off. Default 30 minutes. */
  ttl?: number
  /** How many secrets are held at most; the least recently used goes first. Default 1,000. */
  max?: number
  /** How long past its expiry a secret may still be served when a refresh fails with a retryable error. Default 0. */
  staleIfError?: number
}

export interface CacheFilter {
  provider?: string
  credential?: string
}

export interface CacheStats {
  hits: number
  misses: number
  /** Secrets held, fresh or within their stale-if-error window. */
  size: number
  /** Upstream fetches under way. */
  inFlight: number
}

/** One fetched secret and who it belongs to; derived forms are computed once and kept beside it. */
export interface CacheEntry {
  readonly provider: string
  readonly credential: string
  readonly payload: SecretPayload
  readonly fetchedAt: number
  /** Memo for the decoded text, the parsed JSON and the strings `redact` hides; owned by the vault. */
  readonly derived: Map<string, unknown>
}

export interface EntryOwner {
  provider: string
  credential: string
}

interface InFlight {
  promise: Promise<CacheEntry>
  controller: AbortController
  waiters: number
}

export const DEFAULT_TTL = 30 * 60_000
export const DEFAULT_MAX = 1000
/** 12 hours: the longest duration the cache setting offers. Longer is almost certainly a unit mistake. */
export const MAX_TTL = 12 * 60 * 60_000

function checkDuration(name: string, value: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new RangeError(
      `cache.${name} must be a number of milliseconds from 0 to ${max}; got ${String(value)}.`,
    )
  }
  return value
}

/**
 * The in-memory secret cache: TTL checked against each entry's fetch time (so a new TTL applies to
 * entries already held), LRU-bounded, with in-flight de-duplication so N concurrent misses make one fetch.
 */
export class SecretCache {
  #ttl: number
  readonly #staleIfError: number
  readonly #entries: LRUCache<string, CacheEntry>
  readonly #inFlight = new Map<string, InFlight>()
  #hits = 0
  #misses = 0

  constructor(options: CacheOptions = {}) {
    this.#ttl = checkDuration('ttl', options.ttl ?? DEFAULT_TTL, MAX_TTL)
    this.#staleIfError = checkDuration('staleIfError', options.staleIfError ?? 0, MAX_TTL)
    const max = options.max ?? DEFAULT_MAX
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`cache.max must be a positive integer; got ${String(max)}.`)
    this.#entries = new LRUCache({ max })
  }

  get ttl(): number {
    return this.#ttl
  }

  setTtl(ms: number): void {
    this.#ttl = checkDuration('ttl', ms, MAX_TTL)
  }

  #isFresh(entry: CacheEntry, now: number): boolean {
    return now - entry.fetchedAt < this.#ttl
  }

  #isUsable(entry: CacheEntry, now: number): boolean {
    return now - entry.fetchedAt < this.#ttl + this.#staleIfError
  }

  /** The entry for `key` if it is fresh, counted as a hit; undefined otherwise (nothing counted). */
  fresh(key: string): CacheEntry | undefined {
    const held = this.#entries.get(key)
    if (held === undefined || !this.#isFresh(held, Date.now())) return undefined
    this.#hits++
    return held
  }

  /**
   * The fresh entry for `key`, or the one `load` fetches. Concurrent callers share one load;
   * a caller that aborts stops waiting, and the load itself is aborted once no caller waits for it.
   */
  async getOrLoad(
    key: string,
    owner: EntryOwner,
    load: (signal: AbortSignal) => Promise<SecretPayload>,
    callerSignal?: AbortSignal,
  ): Promise<CacheEntry> {
    callerSignal?.throwIfAborted()
    const held = this.#entries.get(key)
    if (held !== undefined && this.#isFresh(held, Date.now())) {
      this.#hits++
      return held
    }
    this.#misses++
    let flight = this.#inFlight.get(key)
    if (flight === undefined) flight = this.#startLoad(key, owner, load, held)
    return this.#wait(flight, callerSignal)
  }

  #startLoad(
    key: string,
    owner: EntryOwner,
    load: (signal: AbortSignal) => Promise<SecretPayload>,
    previous: CacheEntry | undefined,
  ): InFlight {
    const controller = new AbortController()
    const flight: InFlight = { controller, waiters: 0, promise: Promise.resolve(undefined as never) }
    flight.promise = (async () => {
      try {
        const payload = await load(controller.signal)
        const entry: CacheEntry = { ...owner, payload, fetchedAt: Date.now(), derived: new Map() }
        if (this.#ttl > 0) this.#entries.set(key, entry)
        return entry
      } catch (error) {
        // Failures are never cached; a retryable one may fall back on the last good value.
        const retryable = (error as { retryable?: unknown } | null)?.retryable === true
        if (retryable && previous !== undefined && this.#isUsable(previous, Date.now())) return previous
        throw error
      } finally {
        this.#inFlight.delete(key)
      }
    })()
    // Callers that gave up no longer listen; the settled load must not become an unhandled rejection.
    flight.promise.catch(() => {})
    this.#inFlight.set(key, flight)
    return flight
  }

  async #wait(flight: InFlight, signal: AbortSignal | undefined): Promise<CacheEntry> {
    flight.waiters++
    if (signal === undefined) {
      try {
        return await flight.promise
      } finally {
        flight.waiters--
      }
    }
    let onAbort: (() => void) | undefined
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason)
      signal.addEventListener('abort', onAbort, { once: true })
    })
    try {
      return await Promise.race([flight.promise, aborted])
    } finally {
      signal.removeEventListener('abort', onAbort as () => void)
      flight.waiters--
      // The last caller gave up: stop the upstream request rather than let it run for nobody.
      if (signal.aborted && flight.waiters === 0) flight.controller.abort(signal.reason)
    }
  }

  /** Drops entries (all, or those of one provider and/or credential); returns how many went. */
  clear(filter: CacheFilter = {}): number {
    if (filter.provider === undefined && filter.credential === undefined) {
      const size = this.#entries.size
      this.#entries.clear()
      return size
    }
    let removed = 0
    for (const [key, entry] of this.#entries.entries()) {
      if (filter.provider !== undefined && entry.provider !== filter.provider) continue
      if (filter.credential !== undefined && entry.credential !== filter.credential) continue
      this.#entries.delete(key)
      removed++
    }
    return removed
  }

  /** Entries still usable; expired ones are dropped on the way. */
  *entries(): IterableIterator<CacheEntry> {
    const now = Date.now()
    for (const [key, entry] of [...this.#entries.entries()]) {
      if (this.#isUsable(entry, now)) yield entry
      else this.#entries.delete(key)
    }
  }

  stats(): CacheStats {
    let size = 0
    for (const _ of this.entries()) size++
    return { hits: this.#hits, misses: this.#misses, size, inFlight: this.#inFlight.size }
  }
}
