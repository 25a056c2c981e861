import { executionAsyncId } from 'node:async_hooks'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createVault } from '@external-vault/core'
import { serveHandlers } from '@external-vault/core/testing'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { abortableAdapter, abortableCall, CALL_HEADER, type TransportConfig } from './abortable-call.js'
import { gcpSecretManager } from './gcp-provider.js'
import { API_V2, createGcpFixture } from './test-support/gcp-fixture.js'

/** Stands in for gaxios's own adapter: hangs until the request's signal aborts, and records the request. */
function hangingNext() {
  const seen: { headers: Headers; signal: AbortSignal }[] = []
  const next = <C extends TransportConfig, R>(config: C): Promise<R> => {
    const signal = config.signal as AbortSignal
    seen.push({ headers: new Headers(config.headers), signal })
    return new Promise<R>((_, reject) => {
      if (signal.aborted) reject(signal.reason)
      signal.addEventListener('abort', () => reject(signal.reason))
    })
  }
  return { seen, next }
}

describe('abortableCall and abortableAdapter', () => {
  it('abort the request of the call the id names, and take the id off the request', async () => {
    const adapter = abortableAdapter(30_000)
    const { seen, next } = hangingNext()
    const controller = new AbortController()
    const pending = abortableCall(
      (call) => adapter({ headers: new Headers({ ...call.otherArgs.headers, accept: 'x' }) }, next),
      controller.signal,
    )
    pending.catch(() => undefined)
    const bystander = new AbortController()
    abortableCall((call) => adapter({ headers: call.otherArgs.headers }, next), bystander.signal).catch(
      () => undefined,
    )
    const [request, other] = seen
    expect(request?.headers.has(CALL_HEADER)).toBe(false)
    expect(request?.headers.get('accept')).toBe('x')
    expect(request?.signal.aborted).toBe(false)
    controller.abort(new Error('user cancelled'))
    expect(request?.signal.aborted).toBe(true)
    expect(request?.signal.reason).toEqual(new Error('user cancelled'))
    await expect(pending).rejects.toThrow('user cancelled')
    // Another call's request is tied to its own signal only.
    expect(other?.signal.aborted).toBe(false)
    bystander.abort()
    expect(other?.signal.aborted).toBe(true)
  })

  it('abort a request at once when its call was aborted before the request was made', async () => {
    const adapter = abortableAdapter(30_000)
    const { seen, next } = hangingNext()
    const controller = new AbortController()
    let send: (() => Promise<unknown>) | undefined
    let settle: (() => void) | undefined
    const pending = abortableCall((call) => {
      send = () => adapter({ headers: call.otherArgs.headers }, next)
      // The SDK is still initialising: the call settles only after its request does.
      return new Promise<void>((resolve) => {
        settle = resolve
      })
    }, controller.signal)
    controller.abort(new Error('early'))
    await expect(pending).rejects.toThrow('early')
    await expect(send?.()).rejects.toThrow('early')
    expect(seen[0]?.signal.aborted).toBe(true)
    settle?.()
  })

  it('leave a request without a call id (a token request) to its own signal and the timeout', async () => {
    vi.useFakeTimers()
    try {
      const adapter = abortableAdapter(100)
      const { seen, next } = hangingNext()
      const sdkCancel = new AbortController()
      const cancelled = adapter({ headers: { accept: 'x' }, signal: sdkCancel.signal }, next)
      cancelled.catch(() => undefined)
      sdkCancel.abort(new Error('cancelled by the SDK'))
      await expect(cancelled).rejects.toThrow('cancelled by the SDK')
      const slow = adapter({ headers: { [CALL_HEADER]: 'no-such-call' } }, next)
      slow.catch(() => undefined)
      await vi.advanceTimersByTimeAsync(100)
      await expect(slow).rejects.toMatchObject({ code: 'ETIMEDOUT', message: 'No response within 100 ms.' })
      expect(seen[1]?.headers.has(CALL_HEADER)).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })

  it('forget a call once it settles, so a later abort of its signal touches nothing', async () => {
    const adapter = abortableAdapter(30_000)
    const { seen, next } = hangingNext()
    const controller = new AbortController()
    let id = ''
    await abortableCall(async (call) => {
      id = call.otherArgs.headers[CALL_HEADER] as string
    }, controller.signal)
    const late = adapter({ headers: { [CALL_HEADER]: id } }, next)
    late.catch(() => undefined)
    controller.abort()
    expect(seen[0]?.signal.aborted).toBe(false)
  })
})

/** A Secret Manager stand-in on 127.0.0.1 that never answers: it records each request and when its connection closes. */
const held: { url: string; headers: IncomingHttpHeaders; closed: boolean }[] = []
let silent: Server
let silentUrl: string
beforeAll(async () => {
  silent = createServer((request, response) => {
    const entry = { url: request.url ?? '', headers: request.headers, closed: false }
    held.push(entry)
    response.on('close', () => {
      entry.closed = true
    })
  })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
})
afterAll(async () => {
  silent.closeAllConnections()
  await new Promise((resolve) => silent.close(resolve))
})

const fixture = createGcpFixture()

describe('the real SDK on a 127.0.0.1 socket', () => {
  it('closes the request’s connection when the caller aborts a read or a credential test', async () => {
    const provider = gcpSecretManager({ endpoint: silentUrl, retry: { attempts: 1 } })
    const credential = provider.parseCredential(fixture.credential)
    const locator = provider.parseLocator(
      { provider: 'gcp', credential: 'prod', locator: 'api-key', options: {} },
      credential,
    )
    const operations = [
      (signal: AbortSignal) => provider.fetchSecret(locator, credential, { signal }),
      (signal: AbortSignal) => provider.testCredential(credential, { signal }),
    ]
    for (const [index, operation] of operations.entries()) {
      const controller = new AbortController()
      const pending = operation(controller.signal)
      pending.catch(() => undefined)
      await vi.waitFor(() => expect(held).toHaveLength(index + 1), { timeout: 10_000 })
      expect(held[index]?.closed).toBe(false)
      controller.abort(new Error('user cancelled'))
      await expect(pending).rejects.toThrow('user cancelled')
      await vi.waitFor(() => expect(held[index]?.closed).toBe(true))
    }
    expect(held.map((request) => request.url.split('?')[0])).toEqual([
      '/v1/projects/acme-prod/secrets/api-key/versions/latest:access',
      '/v1/projects/acme-prod/locations',
    ])
    // The call id is the provider's own business: the service never sees it.
    expect(held.every((request) => request.headers[CALL_HEADER] === undefined)).toBe(true)
    await provider.close()
  })

  it('leaves Node’s promise hooks off: an application’s awaits cost what they did before GCP was used', async () => {
    const served = await serveHandlers(fixture.mock.handlers)
    const vault = createVault({
      providers: [gcpSecretManager({ endpoint: served.url })],
      credentials: [fixture.credential],
    })
    expect(await vault.get('gcp://prod/api-key')).toBe(API_V2)
    await vault.testCredential('prod')
    await vault.close()
    await served.close()
    // With promise hooks on (AsyncLocalStorage, async_hooks.createHook), the code after an await runs
    // in the promise's own async context; with them off it has none (id 0).
    await null
    expect(executionAsyncId()).toBe(0)
  })
})
