import { createVault } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { awsSecretsManager } from './aws-provider.js'
import { type Testbed, testbed } from './test-support/testbed.js'
import { createSecretsManagerMock } from './testing/index.js'

let bed: Testbed
const server = setupServer()

// One msw server for the file; each test gets a fresh mock behind the same handler list.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  bed = testbed(['us-east-1', 'eu-west-1'])
  server.resetHandlers(...bed.mock.handlers)
})

describe('reading secrets', () => {
  it('reads AWSCURRENT by name, with its version id and creation date', async () => {
    const seeded = bed.mock.addSecret({ name: 'api/token', value: 'tok-123456' })
    const provider = bed.provider()
    const credential = provider.parseCredential(bed.credential)
    const payload = await provider.fetchSecret(
      provider.parseLocator(
        { provider: 'aws', credential: 'prod', locator: 'api/token', options: {} },
        credential,
      ),
      credential,
      { signal: new AbortController().signal },
    )
    expect(payload).toEqual({
      value: 'tok-123456',
      version: seeded.versions[0]?.versionId,
      createdAt: expect.any(Date),
    })
    expect(bed.mock.calls[0]).toMatchObject({ input: { SecretId: 'api/token' }, region: 'us-east-1' })
  })

  it('selects a version by versionId and by versionStage', async () => {
    const { versions } = bed.mock.addSecret({
      name: 'db',
      versions: ['old-password', 'current-password', { value: 'next-password', stages: ['AWSPENDING'] }],
    })
    const vault = bed.vault()
    expect(await vault.get('aws://prod/db')).toBe('current-password')
    expect(await vault.get('aws://prod/db?versionStage=AWSPREVIOUS')).toBe('old-password')
    expect(await vault.get('aws://prod/db?versionStage=AWSPENDING')).toBe('next-password')
    expect(await vault.get(`aws://prod/db?versionId=${versions[0]?.versionId}`)).toBe('old-password')
    expect(
      await vault.get({ provider: 'aws', credential: 'prod', secret: 'db', versionStage: 'AWSPREVIOUS' }),
    ).toBe('old-password')
    expect(bed.mock.calls.map((call) => call.input)).toEqual([
      { SecretId: 'db' },
      { SecretId: 'db', VersionStage: 'AWSPREVIOUS' },
      { SecretId: 'db', VersionStage: 'AWSPENDING' },
      { SecretId: 'db', VersionId: versions[0]?.versionId },
    ])
  })

  it('picks JSON keys and pointers from one read', async () => {
    bed.mock.addSecret({
      name: 'db/creds',
      value: JSON.stringify({ username: 'admin', password: 'p@ss w0rd', nested: { port: 5432 } }),
    })
    const vault = bed.vault()
    expect(await vault.get('aws://prod/db/creds#password')).toBe('p@ss w0rd')
    expect(await vault.get('aws://prod/db/creds#/nested/port')).toBe('5432')
    expect(
      await vault.get({ provider: 'aws', credential: 'prod', secret: 'db/creds', key: 'username' }),
    ).toBe('admin')
    expect(bed.mock.readCount).toBe(1)
  })

  it('decodes SecretBinary as UTF-8 text, or base64 with ?encoding=base64', async () => {
    bed.mock.addSecret({ name: 'text-bytes', value: new TextEncoder().encode('héllo') })
    bed.mock.addSecret({ name: 'raw-bytes', value: new Uint8Array([0xff, 0xfe, 0x00, 0x41]) })
    const vault = bed.vault()
    expect(await vault.get('aws://prod/text-bytes')).toBe('héllo')
    const error = await vaultFailure(vault.get('aws://prod/raw-bytes'))
    expect(error.code).toBe('INVALID_SECRET_FORMAT')
    expect(error.message).toContain('encoding=base64')
    expect(await vault.get('aws://prod/raw-bytes?encoding=base64')).toBe('//4AQQ==')
    expect(
      await vault.get({ provider: 'aws', credential: 'prod', secret: 'raw-bytes', encoding: 'base64' }),
    ).toBe('//4AQQ==')
  })

  it('keeps the reserved characters of secret names, written plainly or percent-encoded', async () => {
    const name = 'team/app+db=primary.v2@eu-central'
    bed.mock.addSecret({ name, value: 'reserved-ok' })
    const vault = bed.vault()
    expect(await vault.get(`aws://prod/${name}`)).toBe('reserved-ok')
    expect(await vault.get(`aws://prod/${encodeURIComponent(name)}`)).toBe('reserved-ok')
    expect(await vault.get({ provider: 'aws', credential: 'prod', secret: name })).toBe('reserved-ok')
    expect(new Set(bed.mock.calls.map((call) => call.input.SecretId))).toEqual(new Set([name]))
  })

  it('reads by full and partial ARN, in the ARN’s region rather than the credential’s', async () => {
    const { arn } = bed.mock.addSecret({ name: 'shared/key', value: 'from-eu', region: 'eu-west-1' })
    bed.mock.addSecret({ name: 'shared/key', value: 'from-us' })
    const vault = bed.vault()
    expect(await vault.get('aws://prod/shared/key')).toBe('from-us')
    expect(await vault.get(`aws://prod/${arn}`)).toBe('from-eu')
    expect(await vault.get(`aws://prod/${encodeURIComponent(arn)}`)).toBe('from-eu')
    expect(await vault.get(`aws://prod/${arn.slice(0, -7)}?versionStage=AWSCURRENT`)).toBe('from-eu')
    expect(bed.mock.calls.map((call) => call.region)).toEqual(['us-east-1', 'eu-west-1', 'eu-west-1'])
  })

  it('rejects an unknown option, naming it, without calling AWS', async () => {
    bed.mock.addSecret({ name: 'api', value: 'x' })
    const error = await vaultFailure(bed.vault().get('aws://prod/api?version=2'))
    expect(error).toMatchObject({ code: 'INVALID_REFERENCE', provider: 'aws' })
    expect(error.message).toContain('"version"')
    expect(error.message).toContain('versionStage')
    expect(bed.mock.calls).toHaveLength(0)
  })
})

describe('Insomnia vault tags', () => {
  const tag = (config: object, base64 = false) => {
    const json = JSON.stringify(config)
    return `{% vault 'aws', 'prod', '${base64 ? Buffer.from(json).toString('base64') : json}' %}`
  }

  beforeEach(() => {
    bed.mock.addSecret({ name: 'plain', versions: ['plain-old', 'plain-new'] })
    bed.mock.addSecret({ name: 'kv', value: JSON.stringify({ user: 'svc-user', '/odd': 'odd-value' }) })
  })

  it('renders plaintext configs, with VersionStage, VersionId and Insomnia’s empty strings', async () => {
    const vault = bed.vault()
    expect(await vault.render(`a=${tag({ SecretId: 'plain', SecretType: 'plaintext' })}`)).toBe('a=plain-new')
    expect(
      await vault.render(
        tag({
          SecretId: 'plain',
          VersionStage: 'AWSPREVIOUS',
          VersionId: '',
          SecretType: 'plaintext',
          SecretKey: '',
        }),
      ),
    ).toBe('plain-old')
    expect(await vault.render(tag({ SecretId: 'plain', SecretType: 'plaintext' }, true))).toBe('plain-new')
  })

  it('renders kv configs by key, and the whole value when the key is empty', async () => {
    const vault = bed.vault()
    expect(await vault.render(tag({ SecretId: 'kv', SecretType: 'kv', SecretKey: 'user' }))).toBe('svc-user')
    expect(await vault.render(tag({ SecretId: 'kv', SecretType: 'kv', SecretKey: '/odd' }))).toBe('odd-value')
    expect(JSON.parse(await vault.render(tag({ SecretId: 'kv', SecretType: 'kv', SecretKey: '' })))).toEqual({
      user: 'svc-user',
      '/odd': 'odd-value',
    })
    expect(bed.mock.readCount).toBe(1)
  })

  it('rejects a config without SecretId or with an unknown SecretType', async () => {
    const vault = bed.vault()
    const missing = await vaultFailure(vault.render(tag({ SecretType: 'plaintext' })))
    expect(missing.code).toBe('INVALID_REFERENCE')
    expect(missing.message).toContain('SecretId')
    const type = await vaultFailure(vault.render(tag({ SecretId: 'kv', SecretType: 'json' })))
    expect(type.message).toContain('SecretType')
    expect(bed.mock.calls).toHaveLength(0)
  })
})

describe('testCredential', () => {
  it('proves a credential with STS GetCallerIdentity, touching no secret', async () => {
    const vault = bed.vault()
    await vault.testCredential('prod')
    expect(bed.mock.calls).toEqual([
      expect.objectContaining({ service: 'sts', operation: 'GetCallerIdentity', status: 200 }),
    ])
    expect(bed.mock.readCount).toBe(0)
  })

  it('reports AUTHENTICATION_FAILED for keys AWS rejects', async () => {
    const vault = bed.vault(undefined, [{ ...bed.credential, secretAccessKey: 'not-the-right-secret-key' }])
    const error = await vaultFailure(vault.testCredential('prod'))
    expect(error).toMatchObject({ code: 'AUTHENTICATION_FAILED', provider: 'aws' })
    expect(error.message).toContain('signature')
  })
})

describe('settings', () => {
  it('makes 3 attempts by default and maxAttempts changes that', async () => {
    bed.mock.addSecret({ name: 'api', value: 'x' })
    bed.mock.injectFault({ error: 'InternalServiceError', times: Number.POSITIVE_INFINITY })
    await vaultFailure(bed.vault().get('aws://prod/api'))
    expect(bed.mock.readCount).toBe(3)
    await vaultFailure(bed.vault({ maxAttempts: 1 }).get('aws://prod/api'))
    expect(bed.mock.readCount).toBe(4)
  })

  it('rejects an endpoint that is not an http(s) URL and a maxAttempts below 1', () => {
    expect(() => bed.provider({ endpoint: 'localhost:4566' })).toThrow(
      /endpoint must be an absolute http\(s\) URL/,
    )
    expect(() => bed.provider({ maxAttempts: 0 })).toThrow(/maxAttempts/)
  })

  it('gives up at the vault’s timeout with TIMEOUT, aborting the SDK call rather than retrying it', async () => {
    bed.mock.addSecret({ name: 'slow', value: 'x' })
    bed.mock.injectFault({ latency: 5_000 })
    const vault = createVault({ providers: [bed.provider()], credentials: [bed.credential], timeout: 100 })
    const error = await vaultFailure(vault.get('aws://prod/slow'))
    expect(error).toMatchObject({ code: 'TIMEOUT', provider: 'aws', reference: 'aws://prod/slow' })
    expect(bed.mock.readCount).toBe(1)
  })

  it('works as the README’s testing example shows', async () => {
    const mock = createSecretsManagerMock()
    const key = mock.createAccessKey({ temporary: true })
    mock.addSecret({ name: 'db/creds', versions: ['{"password":"old"}', '{"password":"new"}'] })
    server.resetHandlers(...mock.handlers)
    const vault = createVault({
      providers: [awsSecretsManager()],
      credentials: [{ id: 'prod', provider: 'aws', type: 'temporary', region: 'us-east-1', ...key }],
    })
    expect(await vault.get('aws://prod/db/creds?versionStage=AWSPREVIOUS#password')).toBe('old')
    expect(await vault.get('aws://prod/db/creds#password')).toBe('new')
  })

  it('closes its clients and reads again afterwards', async () => {
    bed.mock.addSecret({ name: 'api', value: 'x' })
    const provider = bed.provider()
    const vault = createVault({ providers: [provider], credentials: [bed.credential], cache: { ttl: 0 } })
    expect(await vault.get('aws://prod/api')).toBe('x')
    await vault.close()
    expect(await vault.get('aws://prod/api')).toBe('x')
    expect(bed.mock.readCount).toBe(2)
  })
})
