import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createVault, type Vault } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { gcpSecretManager } from './gcp-provider.js'
import {
  API_V1,
  API_V2,
  createGcpFixture,
  DB_VALUE,
  OTHER_PROJECT_VALUE,
  PROJECT,
  PROJECT_NUMBER,
  REGIONAL_VALUE,
} from './test-support/gcp-fixture.js'

const fixture = createGcpFixture()
const { mock } = fixture
const server = setupServer(...mock.handlers)
const dir = mkdtempSync(join(tmpdir(), 'gcp-provider-'))

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => {
  server.close()
  rmSync(dir, { recursive: true, force: true })
})

let vault: Vault
beforeEach(() => {
  fixture.seed()
  // Three tries, no waiting between them: retry counts are asserted, not time.
  vault = createVault({
    providers: [gcpSecretManager({ retry: { attempts: 3, backoff: 0 } })],
    credentials: [fixture.credential],
  })
})
afterEach(async () => {
  await vault.close()
  vi.unstubAllEnvs()
})

describe('gcp provider: reading secrets through the SDK (REST transport) from the mock', () => {
  it('reads a short name at latest, from the key’s project', async () => {
    expect(await vault.get('gcp://prod/api-key')).toBe(API_V2)
    expect(mock.calls[0]).toMatchObject({
      host: 'secretmanager.googleapis.com',
      name: `projects/${PROJECT}/secrets/api-key/versions/latest`,
      principal: fixture.key.client_email,
    })
  })

  it('reads version numbers, latest and aliases', async () => {
    expect(await vault.get('gcp://prod/api-key?version=1')).toBe(API_V1)
    expect(await vault.get('gcp://prod/api-key?version=latest')).toBe(API_V2)
    expect(await vault.get('gcp://prod/api-key?version=stable')).toBe(API_V1)
    mock.setAlias({ project: PROJECT, secret: 'api-key' }, 'stable', 2)
    vault.cache.clear()
    expect(await vault.get('gcp://prod/api-key?version=stable')).toBe(API_V2)
  })

  it('reports the version number the service resolved', async () => {
    const provider = gcpSecretManager()
    const credential = provider.parseCredential(fixture.credential)
    const locator = provider.parseLocator(
      { provider: 'gcp', credential: 'prod', locator: 'api-key', options: {} },
      credential,
    )
    const payload = await provider.fetchSecret(locator, credential, { signal: new AbortController().signal })
    expect(payload.version).toBe('2')
    expect(new TextDecoder().decode(payload.value as Uint8Array)).toBe(API_V2)
    await provider.close()
  })

  it('reads another project with project=, by id or number, and full resource names', async () => {
    expect(await vault.get('gcp://prod/shared-key?project=acme-shared')).toBe(OTHER_PROJECT_VALUE)
    expect(await vault.get(`gcp://prod/projects/${PROJECT_NUMBER}/secrets/api-key/versions/1`)).toBe(API_V1)
    expect(await vault.get('gcp://prod/projects/acme-shared/secrets/shared-key')).toBe(OTHER_PROJECT_VALUE)
  })

  it('reads regional secrets from the regional endpoint', async () => {
    expect(
      await vault.get(`gcp://prod/projects/${PROJECT}/locations/us-east1/secrets/regional-key/versions/1`),
    ).toBe(REGIONAL_VALUE)
    expect(await vault.get('gcp://prod/regional-key?location=us-east1&version=latest')).toBe(REGIONAL_VALUE)
    expect(mock.calls.map((call) => call.host)).toEqual([
      'secretmanager.us-east1.rep.googleapis.com',
      'secretmanager.us-east1.rep.googleapis.com',
    ])
  })

  it('picks JSON keys, and reads object references and Insomnia tags', async () => {
    expect(await vault.get('gcp://prod/db-creds#password')).toBe(DB_VALUE.password)
    expect(
      await vault.get({ provider: 'gcp', credential: 'prod', secret: 'db-creds', key: 'username' }),
    ).toBe(DB_VALUE.username)
    expect(await vault.get({ provider: 'gcp', credential: 'prod', secret: 'api-key', version: 1 })).toBe(
      API_V1,
    )
    const tag = `{% vault 'gcp', 'prod', '${JSON.stringify({ secretName: 'api-key', version: '1' })}' %}`
    expect(await vault.render(`key=${tag}`)).toBe(`key=${API_V1}`)
  })

  it('returns binary payloads as bytes: base64 on request, INVALID_SECRET_FORMAT otherwise', async () => {
    const bytes = new Uint8Array([0xff, 0x00, 0xfe, 0x80])
    mock.addSecret({ project: PROJECT, secret: 'binary', versions: [bytes] })
    expect(await vault.get('gcp://prod/binary?encoding=base64')).toBe(Buffer.from(bytes).toString('base64'))
    expect((await vaultFailure(vault.get('gcp://prod/binary'))).code).toBe('INVALID_SECRET_FORMAT')
  })

  it('fails a payload whose CRC32C does not match with INTEGRITY_ERROR, without retrying', async () => {
    mock.injectFault({ wrongChecksum: true })
    const error = await vaultFailure(vault.get('gcp://prod/api-key'))
    expect(error.code).toBe('INTEGRITY_ERROR')
    expect(error.message).toContain('CRC32C')
    expect(error.message).not.toContain(API_V2)
    expect(mock.accessCount).toBe(1)
    expect(await vault.get('gcp://prod/api-key')).toBe(API_V2)
  })
})

describe('gcp provider: error mapping and retries (real SDK errors)', () => {
  it.each([
    ['a missing secret', () => 'gcp://prod/nope', 'SECRET_NOT_FOUND', /not found or has no versions/],
    [
      'a missing version',
      () => 'gcp://prod/api-key?version=9',
      'SECRET_NOT_FOUND',
      /versions\/9\] not found/,
    ],
    ['an unknown alias', () => 'gcp://prod/api-key?version=canary', 'SECRET_NOT_FOUND', /not found/],
    ['an unknown project', () => 'gcp://prod/api-key?project=nobody-home', 'ACCESS_DENIED', /secretAccessor/],
    [
      'a disabled version',
      () => {
        mock.setVersionState({ project: PROJECT, secret: 'api-key' }, 1, 'DISABLED')
        return 'gcp://prod/api-key?version=1'
      },
      'SECRET_NOT_FOUND',
      /disabled or destroyed.*DISABLED state/,
    ],
    [
      'a destroyed latest version',
      () => {
        mock.setVersionState({ project: PROJECT, secret: 'api-key' }, 2, 'DESTROYED')
        return 'gcp://prod/api-key'
      },
      'SECRET_NOT_FOUND',
      /disabled or destroyed.*DESTROYED state/,
    ],
    [
      'a principal without the role',
      () => {
        mock.deny(fixture.key.client_email)
        return 'gcp://prod/api-key'
      },
      'ACCESS_DENIED',
      /Grant vault-reader@acme-prod\.iam\.gserviceaccount\.com/,
    ],
  ])('maps %s, with one call and the service’s message', async (_case, arrange, code, message) => {
    const error = await vaultFailure(vault.get(arrange()))
    expect({ code: error.code, retryable: error.retryable, provider: error.provider }).toEqual({
      code,
      retryable: false,
      provider: 'gcp',
    })
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain('{"error"')
    expect(error.reference).toBeTruthy()
    expect(mock.accessCount).toBe(1)
  })

  it('maps a key the service does not know, and a revoked key, to AUTHENTICATION_FAILED', async () => {
    const stranger = createVault({
      providers: [gcpSecretManager({ retry: { backoff: 0 } })],
      credentials: [fixture.strangerCredential],
    })
    const error = await vaultFailure(stranger.get('gcp://stranger/api-key'))
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).toMatch(/rejected credential "stranger".*invalid authentication credentials/)
    const revoked = mock.mintServiceAccountKey({ projectId: PROJECT, account: 'revoked' })
    await stranger.credentials.add({ id: 'revoked', provider: 'gcp', serviceAccountKey: revoked })
    expect(await stranger.get('gcp://revoked/api-key')).toBe(API_V2)
    mock.revokeServiceAccountKey(revoked.private_key_id)
    expect((await vaultFailure(stranger.get('gcp://revoked/api-key?version=1'))).code).toBe(
      'AUTHENTICATION_FAILED',
    )
    expect(mock.calls.map((call) => call.status)).toEqual([401, 200, 401])
  })

  it('retries 503 UNAVAILABLE (the SDK does not) and succeeds on the third try', async () => {
    mock.injectFault({ status: 503, times: 2 })
    expect(await vault.get('gcp://prod/api-key')).toBe(API_V2)
    expect(mock.calls.map((call) => call.status)).toEqual([503, 503, 200])
  })

  it.each([
    [{ status: 503 }, 'UNAVAILABLE', /UNAVAILABLE.*The service is currently unavailable/],
    [{ status: 500 }, 'UNAVAILABLE', /INTERNAL/],
    [{ status: 429 }, 'THROTTLED', /throttling.*Quota exceeded/],
    [{ status: 502, body: '<html>Bad Gateway BODY-SENTINEL</html>' }, 'UNAVAILABLE', /HTTP 502/],
  ])('gives up on %o after 3 tries with %s', async (fault, code, message) => {
    mock.injectFault({ ...fault, times: Number.POSITIVE_INFINITY })
    const error = await vaultFailure(vault.get('gcp://prod/api-key'))
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code, retryable: true })
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain('BODY-SENTINEL')
    expect(mock.accessCount).toBe(3)
  })

  it('does not retry a FAILED_PRECONDITION answer', async () => {
    mock.injectFault({
      status: 400,
      grpcStatus: 'FAILED_PRECONDITION',
      message: 'Secret Version is in DISABLED state.',
    })
    expect((await vaultFailure(vault.get('gcp://prod/api-key'))).code).toBe('SECRET_NOT_FOUND')
    expect(mock.accessCount).toBe(1)
  })

  it('answers TIMEOUT when the service is slower than the vault’s timeout, and stops retrying', async () => {
    const provider = gcpSecretManager({ retry: { backoff: 0 } })
    const warm = createVault({ providers: [provider], credentials: [fixture.credential] })
    expect(await warm.get('gcp://prod/api-key?version=1')).toBe(API_V1)
    // The same provider, so the same client: the only slow thing is the service.
    const slow = createVault({ providers: [provider], credentials: [fixture.credential], timeout: 200 })
    mock.injectFault({ delay: 3000 })
    expect((await vaultFailure(slow.get('gcp://prod/api-key'))).code).toBe('TIMEOUT')
    expect(mock.accessCount).toBe(2)
    await warm.close()
  })

  it('rejects with the caller’s abort reason while the request is in flight', async () => {
    mock.injectFault({ delay: 3000 })
    const controller = new AbortController()
    const pending = vault.get('gcp://prod/api-key', { signal: controller.signal })
    pending.catch(() => undefined)
    await vi.waitFor(() => expect(mock.accessCount).toBe(1), { timeout: 10_000 })
    controller.abort(new Error('user cancelled'))
    await expect(pending).rejects.toThrow('user cancelled')
    expect(mock.accessCount).toBe(1)
  })
})

describe('gcp provider: credentials', () => {
  it('testCredential lists locations (no secret permission needed) and maps failures', async () => {
    await vault.testCredential('prod')
    expect(mock.calls).toMatchObject([
      {
        operation: 'listLocations',
        name: `projects/${PROJECT}/locations`,
        principal: fixture.key.client_email,
      },
    ])
    mock.injectFault({ status: 503, operation: 'listLocations' })
    await vault.testCredential('prod')
    expect(mock.calls.map((call) => call.status)).toEqual([200, 503, 200])
    await vault.credentials.add(fixture.strangerCredential)
    expect((await vaultFailure(vault.testCredential('stranger'))).code).toBe('AUTHENTICATION_FAILED')
    expect(mock.accessCount).toBe(0)
  })

  it('re-reads the key file on credentials.update and uses the new key', async () => {
    const path = join(dir, 'key.json')
    const second = mock.mintServiceAccountKey({ projectId: PROJECT, account: 'second' })
    writeFileSync(path, JSON.stringify(fixture.key))
    const input = { id: 'file', provider: 'gcp', serviceAccountKeyFile: path }
    vault.credentials.add(input)
    expect(await vault.get('gcp://file/api-key')).toBe(API_V2)
    writeFileSync(path, JSON.stringify(second))
    vault.credentials.update(input)
    expect(await vault.get('gcp://file/api-key')).toBe(API_V2)
    expect(mock.calls.map((call) => call.principal)).toEqual([fixture.key.client_email, second.client_email])
    writeFileSync(path, '{ not json')
    expect(() => vault.credentials.update(input)).toThrow(/not valid JSON/)
  })

  it('uses Application Default Credentials, with the ADC project or the credential’s projectId', async () => {
    const path = join(dir, 'adc.json')
    writeFileSync(path, JSON.stringify(fixture.key))
    vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', path)
    vault.credentials.add({ id: 'adc', provider: 'gcp', type: 'application-default' })
    vault.credentials.add({
      id: 'adc-shared',
      provider: 'gcp',
      type: 'application-default',
      projectId: 'acme-shared',
    })
    expect(await vault.get('gcp://adc/api-key?version=1')).toBe(API_V1)
    expect(await vault.get('gcp://adc-shared/shared-key')).toBe(OTHER_PROJECT_VALUE)
    expect(mock.calls.map((call) => [call.name, call.principal])).toEqual([
      [`projects/${PROJECT}/secrets/api-key/versions/1`, fixture.key.client_email],
      ['projects/acme-shared/secrets/shared-key/versions/latest', fixture.key.client_email],
    ])
  })
})
