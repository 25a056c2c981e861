import { VaultError } from '@external-vault/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  type FetchInit,
  type FetchLike,
  type FetchResponseLike,
  HttpClient,
  type HttpClientOptions,
} from './http-client.js'

afterEach(() => {
  vi.useRealTimers()
})

interface Scripted {
  fetch: FetchLike
  requests: Array<{ url: string; init: FetchInit }>
}

function reply(status: number, body: unknown = {}, headers: Record<string, string> = {}): FetchResponseLike {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
  return {
    status,
    headers: { get: (name) => lower.get(name.toLowerCase()) ?? null },
    text: async () => JSON.stringify(body),
  }
}

/** A fetch that answers from a script, one step per request; a step may throw or never settle. */
function scripted(
  ...steps: Array<(init: FetchInit) => Promise<FetchResponseLike> | FetchResponseLike>
): Scripted {
  const requests: Scripted['requests'] = []
  return {
    requests,
    fetch: async (url, init) => {
      requests.push({ url, init })
      const step = steps[Math.min(requests.length, steps.length) - 1]
      if (step === undefined) throw new Error('no step')
      return step(init)
    },
  }
}

const hang = (init: FetchInit) =>
  new Promise<FetchResponseLike>((_, reject) =>
    init.signal.addEventListener('abort', () => reject(init.signal.reason)),
  )

function client(fetch: FetchLike, options: Partial<HttpClientOptions> = {}) {
  return new HttpClient({
    fetch: () => fetch,
    retries: 2,
    retryDelay: 0,
    maxRetryDelay: 5_000,
    requestTimeout: 1_000,
    service: 'Vault',
    ...options,
  })
}

const GET = {
  method: 'GET' as const,
  url: 'http://127.0.0.1:8200/v1/secret/data/a',
  headers: { 'x-vault-token': 't' },
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (reason: unknown) => reason,
  )
}

describe('HttpClient', () => {
  it('sends redirect: manual and parses a JSON body', async () => {
    const script = scripted(() => reply(200, { data: { a: 1 } }))
    const response = await client(script.fetch).send(GET, new AbortController().signal)
    expect(response).toMatchObject({ status: 200, json: { data: { a: 1 } }, attempts: 1 })
    expect(script.requests[0]?.init.redirect).toBe('manual')
  })

  it('does not retry 4xx answers', async () => {
    const script = scripted(() => reply(404, { errors: [] }))
    expect((await client(script.fetch).send(GET, new AbortController().signal)).status).toBe(404)
    expect(script.requests).toHaveLength(1)
  })

  it('waits Retry-After (capped) before retrying a 429 (fake timers)', async () => {
    vi.useFakeTimers()
    const script = scripted(
      () => reply(429, { errors: ['slow down'] }, { 'Retry-After': '2' }),
      () => reply(200, {}),
    )
    const sending = client(script.fetch, { retryDelay: 100 }).send(GET, new AbortController().signal)
    await vi.advanceTimersByTimeAsync(1_999)
    expect(script.requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect((await sending).status).toBe(200)
    expect(script.requests).toHaveLength(2)
  })

  it('backs off exponentially with jitter between retries (fake timers)', async () => {
    vi.useFakeTimers()
    // Delay = half the ceiling plus a random part of the other half: 75 ms, then 150 ms here.
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const script = scripted(() => reply(503, {}))
    const sending = client(script.fetch, { retryDelay: 100 }).send(GET, new AbortController().signal)
    await vi.advanceTimersByTimeAsync(74)
    expect(script.requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(script.requests).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(149)
    expect(script.requests).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1)
    expect((await sending).attempts).toBe(3)
    vi.restoreAllMocks()
  })

  it('times out each attempt on its own, then answers TIMEOUT', async () => {
    vi.useFakeTimers()
    const script = scripted(hang)
    const sending = rejection(
      client(script.fetch, { requestTimeout: 500 }).send(GET, new AbortController().signal),
    )
    await vi.advanceTimersByTimeAsync(5_000)
    const error = await sending
    expect(VaultError.isInstance(error) && error.code).toBe('TIMEOUT')
    expect((error as Error).message).toContain('did not answer within 500 ms (3 attempts)')
    expect(script.requests).toHaveLength(3)
  })

  it('stops at once with the caller’s reason when the caller aborts, without retrying', async () => {
    const controller = new AbortController()
    const script = scripted(hang)
    const sending = rejection(client(script.fetch).send(GET, controller.signal))
    const reason = new Error('caller gave up')
    controller.abort(reason)
    expect(await sending).toBe(reason)
    expect(script.requests).toHaveLength(1)
  })

  it('stops during a backoff when the caller aborts (fake timers)', async () => {
    vi.useFakeTimers()
    const controller = new AbortController()
    const script = scripted(() => reply(503, {}))
    const sending = rejection(client(script.fetch, { retryDelay: 10_000 }).send(GET, controller.signal))
    await vi.advanceTimersByTimeAsync(0)
    controller.abort(new Error('enough'))
    expect(((await sending) as Error).message).toBe('enough')
    expect(script.requests).toHaveLength(1)
  })

  it('does not retry a TLS trust failure, and says to set caCert', async () => {
    const tlsError = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('unable to verify the first certificate'), {
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      }),
    })
    const script = scripted(() => Promise.reject(tlsError))
    const error = await rejection(client(script.fetch).send(GET, new AbortController().signal))
    expect(VaultError.isInstance(error) && error.code).toBe('UNAVAILABLE')
    expect((error as Error).message).toContain('"caCert"')
    expect(script.requests).toHaveLength(1)
  })

  it('follows a same-origin redirect, keeping method, headers and body', async () => {
    const script = scripted(
      () => reply(307, {}, { location: '/v1/auth/approle/login?x=1' }),
      () => reply(200, { auth: {} }),
    )
    const request = {
      method: 'POST' as const,
      url: 'http://127.0.0.1:8200/v1/auth/approle/login',
      headers: { a: 'b' },
      body: '{"role_id":"r"}',
    }
    expect((await client(script.fetch).send(request, new AbortController().signal)).status).toBe(200)
    expect(script.requests[1]?.url).toBe('http://127.0.0.1:8200/v1/auth/approle/login?x=1')
    expect(script.requests[1]?.init).toMatchObject({
      method: 'POST',
      headers: { a: 'b' },
      body: '{"role_id":"r"}',
    })
  })

  it('refuses a redirect to another origin (even another port) before sending anything there', async () => {
    for (const location of [
      'http://127.0.0.1:9999/v1/secret/data/a',
      'https://127.0.0.1:8200/v1/x',
      '//127.0.0.2/v1/x',
    ]) {
      const script = scripted(() => reply(302, {}, { location }))
      const error = await rejection(client(script.fetch).send(GET, new AbortController().signal))
      expect(VaultError.isInstance(error) && error.code).toBe('UNAVAILABLE')
      expect((error as Error).message).toContain('to another origin')
      expect(script.requests).toHaveLength(1)
    }
  })

  it('refuses a POST redirected with 302/303 and endless redirects', async () => {
    const post = { ...GET, method: 'POST' as const, body: '{}' }
    const bodyDropped = scripted(() => reply(303, {}, { location: '/v1/other' }))
    expect(
      ((await rejection(client(bodyDropped.fetch).send(post, new AbortController().signal))) as Error)
        .message,
    ).toContain('drop the request body')
    const loop = scripted(() => reply(307, {}, { location: '/v1/secret/data/a' }))
    expect(
      ((await rejection(client(loop.fetch).send(GET, new AbortController().signal))) as Error).message,
    ).toContain('more than 5 times')
    expect(loop.requests).toHaveLength(5)
  })
})
