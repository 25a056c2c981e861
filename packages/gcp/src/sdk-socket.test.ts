import { createServer } from 'node:net'
import { createVault, type Vault } from '@external-vault/core'
import { type ServedHandlers, serveHandlers, vaultFailure } from '@external-vault/core/testing'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { gcpSecretManager } from './gcp-provider.js'
import {
  API_V1,
  API_V2,
  createGcpFixture,
  DB_VALUE,
  PROJECT,
  REGIONAL_VALUE,
} from './test-support/gcp-fixture.js'

// No setupServer in this file: the SDK talks to the mock over a real 127.0.0.1 socket.
const fixture = createGcpFixture()
const { mock } = fixture
let served: ServedHandlers
let vault: Vault

beforeAll(async () => {
  served = await serveHandlers(mock.handlers)
})
afterAll(async () => {
  await served.close()
})
beforeEach(() => {
  fixture.seed()
  vault = createVault({
    providers: [gcpSecretManager({ endpoint: served.url, retry: { attempts: 3, backoff: 0 } })],
    credentials: [fixture.credential],
  })
})
afterEach(() => vault.close())

/** A 127.0.0.1 port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('the real SDK against the mock on a 127.0.0.1 socket, through `endpoint`', () => {
  it('reads short names, versions, aliases, JSON keys and full names', async () => {
    expect(await vault.get('gcp://prod/api-key')).toBe(API_V2)
    expect(await vault.get('gcp://prod/api-key?version=stable')).toBe(API_V1)
    expect(await vault.get('gcp://prod/db-creds#password')).toBe(DB_VALUE.password)
    expect(await vault.get(`gcp://prod/projects/${PROJECT}/secrets/api-key/versions/1`)).toBe(API_V1)
    expect(mock.calls.every((call) => call.host === `127.0.0.1:${served.port}`)).toBe(true)
    // The SDK's self-signed JWT was verified against the key the mock minted.
    expect(mock.calls.every((call) => call.principal === fixture.key.client_email)).toBe(true)
  })

  it('sends regional names to the same endpoint', async () => {
    expect(await vault.get(`gcp://prod/projects/${PROJECT}/locations/us-east1/secrets/regional-key`)).toBe(
      REGIONAL_VALUE,
    )
    expect(mock.calls[0]).toMatchObject({
      host: `127.0.0.1:${served.port}`,
      path: `/v1/projects/${PROJECT}/locations/us-east1/secrets/regional-key/versions/latest:access`,
    })
  })

  it('maps errors over the wire and retries 503 with counted calls', async () => {
    expect((await vaultFailure(vault.get('gcp://prod/nope'))).code).toBe('SECRET_NOT_FOUND')
    mock.injectFault({ status: 503, times: 2 })
    expect(await vault.get('gcp://prod/api-key?version=1')).toBe(API_V1)
    mock.injectFault({ status: 429, times: Number.POSITIVE_INFINITY })
    expect((await vaultFailure(vault.get('gcp://prod/api-key?version=2'))).code).toBe('THROTTLED')
    expect(mock.calls.map((call) => call.status)).toEqual([404, 503, 503, 200, 429, 429, 429])
  })

  it('rejects an unknown key with AUTHENTICATION_FAILED and tests credentials', async () => {
    await vault.testCredential('prod')
    vault.credentials.add(fixture.strangerCredential)
    expect((await vaultFailure(vault.get('gcp://stranger/api-key'))).code).toBe('AUTHENTICATION_FAILED')
    expect((await vaultFailure(vault.testCredential('stranger'))).code).toBe('AUTHENTICATION_FAILED')
  })

  it('answers UNAVAILABLE, retried, when nothing listens at the endpoint', async () => {
    const offline = createVault({
      providers: [
        gcpSecretManager({ endpoint: `http://127.0.0.1:${await closedPort()}`, retry: { backoff: 0 } }),
      ],
      credentials: [fixture.credential],
    })
    const error = await vaultFailure(offline.get('gcp://prod/api-key'))
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'UNAVAILABLE', retryable: true })
    expect(error.message).toContain('ECONNREFUSED')
    await offline.close()
  })

  it('bounds each HTTP request by the transport timeout', async () => {
    const impatient = createVault({
      providers: [
        gcpSecretManager({ endpoint: served.url, timeout: 100, retry: { attempts: 2, backoff: 0 } }),
      ],
      credentials: [fixture.credential],
    })
    mock.injectFault({ delay: 2000, times: 2 })
    const error = await vaultFailure(impatient.get('gcp://prod/api-key'))
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'UNAVAILABLE', retryable: true })
    expect(error.message).toContain('ETIMEDOUT')
    expect(mock.accessCount).toBe(2)
    await impatient.close()
  })
})
