import { createVault } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { testbed } from './test-support/testbed.js'

// Counts when each SDK package is first loaded and how many clients exist, through the real SDK.
const counts = vi.hoisted(() => ({
  secretsManager: 0,
  sts: 0,
  credentialProviders: 0,
  clients: 0,
  destroyed: 0,
}))

vi.mock('@aws-sdk/client-secrets-manager', async (importOriginal) => {
  counts.secretsManager += 1
  const actual = await importOriginal<typeof import('@aws-sdk/client-secrets-manager')>()
  class CountingClient extends actual.SecretsManagerClient {
    constructor(...args: ConstructorParameters<typeof actual.SecretsManagerClient>) {
      super(...args)
      counts.clients += 1
    }
    override destroy(): void {
      counts.destroyed += 1
      super.destroy()
    }
  }
  return { ...actual, SecretsManagerClient: CountingClient }
})
vi.mock('@aws-sdk/client-sts', async (importOriginal) => {
  counts.sts += 1
  return importOriginal()
})
vi.mock('@aws-sdk/credential-providers', async (importOriginal) => {
  counts.credentialProviders += 1
  return importOriginal()
})

const bed = testbed(['us-east-1', 'eu-west-1'])
const server = setupServer(...bed.mock.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe('the AWS SDK is loaded lazily', () => {
  it('is not loaded by importing the package, parsing credentials and references, or planning', async () => {
    const { awsSecretsManager } = await import('./index.js')
    const provider = awsSecretsManager()
    const credential = provider.parseCredential(bed.credential)
    const locator = provider.parseLocator(
      { provider: 'aws', credential: 'prod', locator: 'app/api', options: {} },
      credential,
    )
    provider.cacheKey(locator)
    provider.fromInsomniaConfig?.({ SecretId: 'app/api', SecretType: 'kv', SecretKey: 'x' }, credential)
    const vault = createVault({ providers: [provider], credentials: [bed.credential] })
    vault.findReferences('{{ aws://prod/app/api }}')
    expect(await vault.render('{{ aws://prod/app/api }}', { mask: true })).toBe('••••••')
    expect(counts).toMatchObject({ secretsManager: 0, sts: 0, credentialProviders: 0 })
  })

  it('loads the Secrets Manager client on the first read, STS only to test a credential, credential providers only when needed', async () => {
    bed.mock.addSecret({ name: 'app/api', value: 'x' })
    const vault = bed.vault()
    expect(await vault.get('aws://prod/app/api')).toBe('x')
    expect(counts).toMatchObject({ secretsManager: 1, sts: 0, credentialProviders: 0 })
    await vault.testCredential('prod')
    expect(counts).toMatchObject({ secretsManager: 1, sts: 1, credentialProviders: 0 })
  })
})

describe('one SDK client per credential and region', () => {
  it('reuses a client for every read of a credential, adds one per ARN region, and replaces it when the credential changes', async () => {
    bed.mock.reset()
    for (const name of ['a', 'b', 'c']) bed.mock.addSecret({ name, value: `${name}-value` })
    const { arn } = bed.mock.addSecret({ name: 'remote', value: 'eu-value', region: 'eu-west-1' })
    const other = bed.mock.createAccessKey()
    const vault = createVault({
      providers: [bed.provider()],
      credentials: [
        bed.credential,
        {
          ...bed.credential,
          id: 'other',
          accessKeyId: other.accessKeyId,
          secretAccessKey: other.secretAccessKey,
          sessionToken: undefined,
        },
      ],
      cache: { ttl: 0 },
    })
    const before = counts.clients
    for (const name of ['a', 'b', 'c', 'a', 'b'])
      expect(await vault.get(`aws://prod/${name}`)).toBe(`${name}-value`)
    expect(counts.clients - before).toBe(1)
    expect(await vault.get(`aws://prod/${arn}`)).toBe('eu-value')
    expect(await vault.get(`aws://prod/${arn}`)).toBe('eu-value')
    expect(counts.clients - before).toBe(2)
    expect(await Promise.all(['a', 'b'].map((name) => vault.get(`aws://other/${name}`)))).toEqual([
      'a-value',
      'b-value',
    ])
    expect(counts.clients - before).toBe(3)

    const destroyedBefore = counts.destroyed
    const rotated = bed.mock.createAccessKey()
    vault.credentials.update({
      ...bed.credential,
      accessKeyId: rotated.accessKeyId,
      secretAccessKey: rotated.secretAccessKey,
      sessionToken: undefined,
    })
    expect(await vault.get('aws://prod/a')).toBe('a-value')
    expect(counts.clients - before).toBe(4)
    expect(bed.mock.calls[bed.mock.calls.length - 1]?.accessKeyId).toBe(rotated.accessKeyId)
    await vi.waitFor(() => expect(counts.destroyed - destroyedBefore).toBe(2))

    await vault.close()
    expect(counts.destroyed - destroyedBefore).toBe(4)
  })

  it('gets a new client when only the secret access key of a credential changes', async () => {
    bed.mock.reset()
    bed.mock.addSecret({ name: 'a', value: 'a-value' })
    const key = bed.mock.createAccessKey()
    const credential = {
      ...bed.credential,
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      sessionToken: undefined,
    }
    const vault = createVault({ providers: [bed.provider()], credentials: [credential], cache: { ttl: 0 } })
    expect(await vault.get('aws://prod/a')).toBe('a-value')
    // IAM rotates the secret of the same key id: the old secret stops working.
    bed.mock.addAccessKey({ ...key, secretAccessKey: 'rotated-secret-access-key' })
    expect((await vaultFailure(vault.get('aws://prod/a'))).code).toBe('AUTHENTICATION_FAILED')
    vault.credentials.update({ ...credential, secretAccessKey: 'rotated-secret-access-key' })
    expect(await vault.get('aws://prod/a')).toBe('a-value')
    await vault.close()
  })
})
