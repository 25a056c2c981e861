import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { API_V1, API_V2, createGcpFixture, PROJECT, REGIONAL_VALUE } from './test-support/gcp-fixture.js'

// Counts what the SDK does, to prove it is loaded lazily and its clients are reused.
const sdk = vi.hoisted(() => ({
  loaded: false,
  constructed: [] as Array<Record<string, unknown>>,
  closed: 0,
}))
vi.mock('@google-cloud/secret-manager', async (importOriginal) => {
  sdk.loaded = true
  const original = await importOriginal<typeof import('@google-cloud/secret-manager')>()
  type Options = ConstructorParameters<typeof original.SecretManagerServiceClient>[0]
  class CountingClient extends original.SecretManagerServiceClient {
    constructor(options: Options) {
      super(options)
      sdk.constructed.push({ ...options })
    }
    override close() {
      sdk.closed++
      return super.close()
    }
  }
  return { ...original, SecretManagerServiceClient: CountingClient }
})

const fixture = createGcpFixture()
const server = setupServer(...fixture.mock.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe('the Google SDK is loaded on first use, and one client serves each credential', () => {
  it('does not load the SDK on import, provider creation or credential parsing', async () => {
    const { gcpSecretManager } = await import('./index.js')
    const { createVault } = await import('@external-vault/core')
    const vault = createVault({ providers: [gcpSecretManager()], credentials: [fixture.credential] })
    expect(vault.findReferences('{{ gcp://prod/api-key }}')).toHaveLength(1)
    expect(sdk.loaded).toBe(false)
    expect(await vault.get('gcp://prod/api-key')).toBe(API_V2)
    expect(sdk.loaded).toBe(true)
    await vault.close()
  })

  it('reuses one client per credential and location, and replaces it when the credential changes', async () => {
    const { gcpSecretManager } = await import('./index.js')
    const { createVault } = await import('@external-vault/core')
    sdk.constructed.length = 0
    sdk.closed = 0
    const vault = createVault({ providers: [gcpSecretManager()], credentials: [fixture.credential] })
    const values = await Promise.all([
      vault.get('gcp://prod/api-key?version=1'),
      vault.get('gcp://prod/api-key?version=2'),
      vault.get('gcp://prod/db-creds#username'),
    ])
    expect(values.slice(0, 2)).toEqual([API_V1, API_V2])
    expect(sdk.constructed).toHaveLength(1)
    expect(await vault.get(`gcp://prod/projects/${PROJECT}/locations/us-east1/secrets/regional-key`)).toBe(
      REGIONAL_VALUE,
    )
    expect(sdk.constructed).toHaveLength(2)
    expect(sdk.constructed[1]).toMatchObject({ apiEndpoint: 'secretmanager.us-east1.rep.googleapis.com' })

    const rotated = fixture.mock.mintServiceAccountKey({ projectId: PROJECT, account: 'rotated' })
    vault.credentials.update({ ...fixture.credential, serviceAccountKey: rotated })
    expect(await vault.get('gcp://prod/api-key?version=1')).toBe(API_V1)
    expect(sdk.constructed).toHaveLength(3)
    await vi.waitFor(() => expect(sdk.closed).toBe(2), { timeout: 10_000 })
    expect(fixture.mock.calls.at(-1)?.principal).toBe(rotated.client_email)
    await vault.close()
    expect(sdk.closed).toBe(3)
  })
})
