import { type CloudCredentialInput, createVault } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  cloudCredential,
  HCP_API_URL,
  HCP_AUTH_URL,
  HCP_CLIENT_ID,
  HCP_LOCATION,
  SENTINEL,
  testProvider,
  useMocks,
} from './test-support/fixtures.js'

const { hcp } = useMocks()

afterEach(() => {
  vi.useRealTimers()
})

function vaultWith(...credentials: CloudCredentialInput[]) {
  return createVault({
    providers: [testProvider()],
    credentials: credentials.length ? credentials : [cloudCredential()],
    cache: { ttl: 0 },
  })
}

const callsOf = (kind: string) => hcp.calls.filter((call) => call.kind === kind)

describe('reading HCP Vault Secrets', () => {
  it('opens the latest version at …/secrets/<name>:open on the API origin', async () => {
    expect(await vaultWith().get('hashicorp://hcp/org-1/proj-1/web/api_key')).toBe(SENTINEL.hcpKeyV2)
    expect(callsOf('open').map((call) => `${call.origin}${call.path}`)).toEqual([
      `${HCP_API_URL}/secrets/2023-11-28/organizations/org-1/projects/proj-1/apps/web/secrets/api_key:open`,
    ])
    expect(callsOf('token').map((call) => call.origin)).toEqual([HCP_AUTH_URL])
  })

  it('opens a given version at …/versions/<v>:open, with version and creation time', async () => {
    const provider = testProvider()
    const credential = provider.parseCredential(cloudCredential())
    const locator = provider.parseLocator(
      {
        provider: 'hashicorp',
        credential: 'hcp',
        fields: { ...HCP_LOCATION, secret: 'api_key', version: 1 },
        options: {},
      },
      credential,
    )
    const payload = await provider.fetchSecret(locator, credential, { signal: new AbortController().signal })
    expect(payload).toEqual({ value: SENTINEL.hcpKeyV1, version: '1', createdAt: expect.any(Date) })
    expect(callsOf('open')[0]?.path).toMatch(/\/secrets\/api_key\/versions\/1:open$/)
  })

  it('picks a field of a JSON secret with #key', async () => {
    expect(await vaultWith().get('hashicorp://hcp/org-1/proj-1/web/db_json#password')).toBe(
      SENTINEL.hcpDbPassword,
    )
  })

  it('answers SECRET_NOT_FOUND with HCP’s message for a missing app, secret or version', async () => {
    const client = vaultWith()
    const cases = [
      ['hashicorp://hcp/org-1/proj-1/nope/api_key', 'app not found'],
      ['hashicorp://hcp/org-1/proj-1/web/nope', 'secret not found'],
      ['hashicorp://hcp/org-1/proj-1/web/api_key?version=7', 'secret version not found'],
    ] as const
    for (const [reference, said] of cases) {
      const error = await vaultFailure(client.get(reference))
      expect(error.code).toBe('SECRET_NOT_FOUND')
      expect(error.message).toContain(said)
      expect(error.message).toContain('Check the organization and project IDs')
    }
  })

  it('answers ACCESS_DENIED when the service principal may not read the organization', async () => {
    hcp.addServicePrincipal({
      clientId: 'other-org-sp',
      clientSecret: 'other-secret',
      organizations: ['org-2'],
    })
    const client = vaultWith(cloudCredential({ clientId: 'other-org-sp', clientSecret: 'other-secret' }))
    const error = await vaultFailure(client.get('hashicorp://hcp/org-1/proj-1/web/api_key'))
    expect(error.code).toBe('ACCESS_DENIED')
    expect(error.message).toContain('permission denied')
  })

  it('refuses a rotating secret (no static_version) with INVALID_SECRET_FORMAT', async () => {
    hcp.failNext({
      status: 200,
      match: (call) => call.kind === 'open',
      body: { secret: { name: 'rotating_pw', type: 'rotating', latest_version: 1, rotating_version: {} } },
    })
    const error = await vaultFailure(vaultWith().get('hashicorp://hcp/org-1/proj-1/web/api_key'))
    expect(error.code).toBe('INVALID_SECRET_FORMAT')
    expect(error.message).toContain('is a rotating secret; only static secrets')
  })
})

describe('HCP tokens', () => {
  it('asks for a client-credentials token once and reuses it', async () => {
    const client = vaultWith()
    await client.get('hashicorp://hcp/org-1/proj-1/web/api_key')
    await client.get('hashicorp://hcp/org-1/proj-1/web/db_json')
    await client.get('hashicorp://hcp/org-1/proj-1/web/api_key?version=1')
    expect(callsOf('token')).toHaveLength(1)
    expect(callsOf('token')[0]?.clientId).toBe(HCP_CLIENT_ID)
    expect(callsOf('open').every((call) => call.clientId === HCP_CLIENT_ID)).toBe(true)
  })

  it('shares one token request between concurrent first reads', async () => {
    const client = vaultWith()
    await Promise.all([
      client.get('hashicorp://hcp/org-1/proj-1/web/api_key'),
      client.get('hashicorp://hcp/org-1/proj-1/web/db_json'),
      client.get('hashicorp://hcp/org-1/proj-1/web/api_key?version=1'),
    ])
    expect(callsOf('token')).toHaveLength(1)
  })

  it('gets a new token shortly before the old one expires (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const client = vaultWith()
    await client.get('hashicorp://hcp/org-1/proj-1/web/api_key')
    vi.advanceTimersByTime(3_530_000) // 70 s left of 3600: still used
    await client.get('hashicorp://hcp/org-1/proj-1/web/api_key')
    expect(callsOf('token')).toHaveLength(1)
    vi.advanceTimersByTime(20_000) // 50 s left: renewed
    await client.get('hashicorp://hcp/org-1/proj-1/web/api_key')
    expect(callsOf('token')).toHaveLength(2)
    expect(callsOf('open').every((call) => call.status === 200)).toBe(true)
  })

  it('on a 401, gets one fresh token and retries once', async () => {
    const client = vaultWith()
    await client.get('hashicorp://hcp/org-1/proj-1/web/api_key')
    hcp.expireTokens()
    expect(await client.get('hashicorp://hcp/org-1/proj-1/web/api_key')).toBe(SENTINEL.hcpKeyV2)
    expect(callsOf('token')).toHaveLength(2)
    expect(callsOf('open').map((call) => call.status)).toEqual([200, 401, 200])
  })

  it('answers AUTHENTICATION_FAILED when a fresh token is rejected too', async () => {
    hcp.failNext({ status: 401, count: 2, match: (call) => call.kind === 'open' })
    const error = await vaultFailure(vaultWith().get('hashicorp://hcp/org-1/proj-1/web/api_key'))
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(callsOf('token')).toHaveLength(2)
    expect(callsOf('open')).toHaveLength(2)
  })

  it('answers AUTHENTICATION_FAILED with the OAuth error for a wrong client secret', async () => {
    const error = await vaultFailure(
      vaultWith(cloudCredential({ clientSecret: 'wrong' })).get('hashicorp://hcp/org-1/proj-1/web/api_key'),
    )
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).toContain('invalid_client: Client authentication failed')
    expect(error.message).toContain('Check clientId and clientSecret')
    expect(callsOf('open')).toHaveLength(0)
  })

  it('tests a credential by getting a fresh token', async () => {
    const client = vaultWith(cloudCredential(), cloudCredential({ id: 'bad', clientId: 'unknown' }))
    await client.testCredential('hcp')
    await client.testCredential('hcp')
    expect(callsOf('token')).toHaveLength(2)
    expect((await vaultFailure(client.testCredential('bad'))).code).toBe('AUTHENTICATION_FAILED')
    expect(callsOf('open')).toHaveLength(0)
  })
})
