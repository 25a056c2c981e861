import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager'
import { type SecretPayload, type SecretProvider, VaultError } from '@external-vault/core'
import { AWS_PROVIDER_ID, type AwsCredential, parseAwsCredential } from './aws-credential.js'
import { toVaultError } from './aws-errors.js'
import { type AwsLocator, awsCacheKey, describeLocator, parseAwsLocator } from './aws-locator.js'
import { ClientPool } from './client-pool.js'
import { awsInsomniaMapping } from './insomnia-config.js'
import { loadSecretsManager, loadSts } from './sdk-modules.js'

export interface AwsSecretsManagerSettings {
  /** A URL used for every credential instead of AWS's: LocalStack, a VPC endpoint, a test server. */
  endpoint?: string
  /** Where "Test connection" calls STS; `endpoint` by default, else AWS's. */
  stsEndpoint?: string
  /** Attempts per call, retries included (throttling and 5xx are retried by the SDK). Default 3. */
  maxAttempts?: number
  /** Passed to every SDK client (Secrets Manager, and STS for testCredential): requestHandler, retryStrategy, logger… */
  clientConfig?: Partial<SecretsManagerClientConfig>
}

export type AwsSecretsManagerProvider = SecretProvider<AwsCredential, AwsLocator>

function checkUrl(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(
      `${name} must be an absolute http(s) URL such as "http://127.0.0.1:4566"; got "${value}".`,
    )
  }
  return value
}

/**
 * The AWS Secrets Manager provider: `aws://<credential>/<secret name or ARN>[?versionId=…|versionStage=…][#key]`.
 * Importing it loads nothing from the AWS SDK; the SDK is imported on the first read.
 */
export function awsSecretsManager(settings: AwsSecretsManagerSettings = {}): AwsSecretsManagerProvider {
  const endpoint = checkUrl('endpoint', settings.endpoint)
  const stsEndpoint = checkUrl('stsEndpoint', settings.stsEndpoint)
  const maxAttempts = settings.maxAttempts ?? settings.clientConfig?.maxAttempts ?? 3
  if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a whole number of at least 1; got ${String(maxAttempts)}.`)
  }
  const pool = new ClientPool({
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(stsEndpoint === undefined ? {} : { stsEndpoint }),
    maxAttempts,
    clientConfig: settings.clientConfig ?? {},
  })

  return {
    specificationVersion: 'v1',
    id: AWS_PROVIDER_ID,
    parseCredential: parseAwsCredential,
    parseLocator: (reference) => parseAwsLocator(reference),
    cacheKey: awsCacheKey,

    async fetchSecret(locator, credential, { signal }): Promise<SecretPayload> {
      signal.throwIfAborted()
      let region: string | undefined = locator.region ?? credential.region
      try {
        const regional = await pool.secretsManager(credential, locator.region)
        region = regional.region
        const { GetSecretValueCommand } = await loadSecretsManager()
        const output = await regional.client.send(
          new GetSecretValueCommand({
            SecretId: locator.secretId,
            ...(locator.versionId === undefined ? {} : { VersionId: locator.versionId }),
            ...(locator.versionStage === undefined ? {} : { VersionStage: locator.versionStage }),
          }),
          { abortSignal: signal },
        )
        const value = output.SecretString ?? output.SecretBinary
        if (value === undefined) {
          throw new VaultError({
            code: 'INVALID_SECRET_FORMAT',
            provider: AWS_PROVIDER_ID,
            message: `Secret ${describeLocator(locator)} has neither SecretString nor SecretBinary. Store a value in it, or reference another version.`,
          })
        }
        return {
          value,
          ...(output.VersionId === undefined ? {} : { version: output.VersionId }),
          ...(output.CreatedDate === undefined ? {} : { createdAt: output.CreatedDate }),
        }
      } catch (error) {
        // Core aborts on its timeout or when every caller gave up; its reason is the error to report.
        if (signal.aborted) throw signal.reason
        throw toVaultError(error, {
          operation: 'read',
          credential,
          locator,
          ...(region === undefined ? {} : { region }),
          ...(endpoint === undefined ? {} : { endpoint }),
        })
      }
    },

    // STS GetCallerIdentity needs no permission, so it proves the keys without touching a secret.
    async testCredential(credential, { signal }): Promise<void> {
      signal.throwIfAborted()
      let region: string | undefined = credential.region
      try {
        const sts = await pool.sts(credential)
        region = sts.region
        const { GetCallerIdentityCommand } = await loadSts()
        await sts.client.send(new GetCallerIdentityCommand({}), { abortSignal: signal })
      } catch (error) {
        if (signal.aborted) throw signal.reason
        const stsAt = stsEndpoint ?? endpoint
        throw toVaultError(error, {
          operation: 'test',
          credential,
          ...(region === undefined ? {} : { region }),
          ...(stsAt === undefined ? {} : { endpoint: stsAt }),
        })
      }
    },

    fromInsomniaConfig: (config) => awsInsomniaMapping(config),

    close: () => pool.close(),
  }
}
