import type { CloudCredentialInput } from '@external-vault/core'
import { createVault, type Vault } from '@external-vault/core'
import { type AwsSecretsManagerSettings, awsSecretsManager } from '../aws-provider.js'
import { createSecretsManagerMock, type MockAccessKey, type SecretsManagerMock } from '../testing/index.js'
import { fastRetries } from './fast-retries.js'

export interface Testbed {
  mock: SecretsManagerMock
  /** A temporary (ASIA… with session token) key the mock knows. */
  key: MockAccessKey
  credential: CloudCredentialInput
  /** The provider with the SDK's retry rules and a 1 ms backoff, plus any settings given. */
  provider(settings?: AwsSecretsManagerSettings): ReturnType<typeof awsSecretsManager>
  vault(settings?: AwsSecretsManagerSettings, credentials?: CloudCredentialInput[]): Vault
}

/** A Secrets Manager mock with one temporary key, and a credential "prod" for it. */
export function testbed(regions?: string[]): Testbed {
  const mock = createSecretsManagerMock(regions === undefined ? {} : { regions })
  const key = mock.createAccessKey({ temporary: true })
  const credential: CloudCredentialInput = {
    id: 'prod',
    name: 'Production',
    provider: 'aws',
    type: 'temporary',
    region: mock.region,
    accessKeyId: key.accessKeyId,
    secretAccessKey: key.secretAccessKey,
    sessionToken: key.sessionToken,
  }
  const provider = (settings: AwsSecretsManagerSettings = {}) =>
    awsSecretsManager({
      ...settings,
      clientConfig: { retryStrategy: fastRetries(settings.maxAttempts ?? 3), ...settings.clientConfig },
    })
  return {
    mock,
    key,
    credential,
    provider,
    vault: (settings, credentials = [credential]) =>
      createVault({ providers: [provider(settings)], credentials }),
  }
}
