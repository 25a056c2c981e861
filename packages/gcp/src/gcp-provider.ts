import type { SecretProvider } from '@external-vault/core'
import type { SecretManagerServiceClient } from '@google-cloud/secret-manager'
import { abortableCall } from './abortable-call.js'
import { payloadOf } from './access-payload.js'
import { type GcpClientOptions, parseEndpoint, sdkClientOptions } from './client-options.js'
import { createClientPool } from './client-pool.js'
import { type GcpCredential, parseGcpCredential } from './gcp-credential.js'
import { type FailureContext, toGcpVaultError } from './gcp-errors.js'
import {
  type GcpLocator,
  gcpCacheKey,
  gcpInsomniaMapping,
  parseGcpLocator,
  versionName,
} from './gcp-locator.js'
import { type RetrySettings, retryPolicy, withRetry } from './retry.js'

export interface GcpSecretManagerSettings {
  /**
   * Where Secret Manager is, as a URL: `http://127.0.0.1:8085` (an emulator or mock) or a private
   * endpoint. Mapped onto the SDK's apiEndpoint, port and protocol; regional secrets use it too.
   */
  endpoint?: string
  /** Passed to the SDK client's constructor. `fallback`, the credential and `endpoint` take precedence. */
  clientOptions?: GcpClientOptions
  /** Retries of UNAVAILABLE and THROTTLED answers (the SDK's REST transport retries none). */
  retry?: RetrySettings
  /** Timeout of each HTTP request, in ms. Default 30 s; the vault's own timeout still bounds each get. */
  timeout?: number
}

/** The contract's optional methods are all implemented here. */
export type GcpSecretManagerProvider = SecretProvider<GcpCredential, GcpLocator> &
  Required<Pick<SecretProvider<GcpCredential, GcpLocator>, 'testCredential' | 'fromInsomniaConfig' | 'close'>>

export const DEFAULT_REQUEST_TIMEOUT = 30_000

/**
 * GCP Secret Manager, through `@google-cloud/secret-manager` 6.x over its REST transport.
 * References: `gcp://<credential>/<secret>[?version=N|latest|alias][&project=P][&location=L][#key]`
 * or `gcp://<credential>/projects/P[/locations/L]/secrets/S[/versions/V]`.
 */
export function gcpSecretManager(settings: GcpSecretManagerSettings = {}): GcpSecretManagerProvider {
  const timeout = settings.timeout ?? DEFAULT_REQUEST_TIMEOUT
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new RangeError(`timeout must be a positive number of milliseconds; got ${String(timeout)}.`)
  const clientSettings = {
    endpoint: settings.endpoint === undefined ? undefined : parseEndpoint(settings.endpoint),
    clientOptions: settings.clientOptions,
    timeout,
  }
  const policy = retryPolicy(settings.retry)
  const pool = createClientPool((credential, location) =>
    sdkClientOptions(clientSettings, credential, location),
  )

  /**
   * Runs `task` with retries. Each attempt's failure is mapped to a VaultError (so retries can tell which
   * are transient); an abort rejects with the signal's reason.
   */
  function run<T>(
    credential: GcpCredential,
    resource: string,
    signal: AbortSignal,
    task: () => Promise<T>,
  ): Promise<T> {
    const context: FailureContext = {
      resource,
      credential: credential.id,
      principal: credential.kind === 'service-account' ? credential.clientEmail : undefined,
    }
    const attempt = async () => {
      try {
        return await task()
      } catch (error) {
        if (signal.aborted) throw signal.reason
        throw toGcpVaultError(error, context)
      }
    }
    return withRetry(attempt, policy, signal)
  }

  /** The project to read from: the reference's or credential's, else the one ADC reports. */
  function projectOf(client: SecretManagerServiceClient, project: string | undefined, signal: AbortSignal) {
    return project === undefined ? abortableCall(() => client.getProjectId(), signal) : project
  }

  return {
    specificationVersion: 'v1',
    id: 'gcp',
    parseCredential: parseGcpCredential,
    parseLocator: parseGcpLocator,
    cacheKey: gcpCacheKey,
    fromInsomniaConfig: gcpInsomniaMapping,

    fetchSecret(locator, credential, { signal }) {
      const resource = versionName(locator, locator.project ?? '<ADC project>')
      return run(credential, resource, signal, async () => {
        const client = await pool.get(credential, locator.location)
        const name = versionName(locator, await projectOf(client, locator.project, signal))
        // retry: null, as this provider retries (the SDK would retry gRPC codes only, seconds apart).
        const [response] = await abortableCall(
          (call) => client.accessSecretVersion({ name }, { retry: null, ...call }),
          signal,
        )
        return payloadOf(response, name)
      })
    },

    testCredential(credential, { signal }) {
      const resource = `the locations of project ${credential.projectId ?? '<ADC project>'}`
      // Listing the service's locations needs an accepted token but no secret permission.
      return run(credential, resource, signal, async () => {
        const client = await pool.get(credential, undefined)
        const project = await projectOf(client, credential.projectId, signal)
        await abortableCall((call) => {
          const pages = client.listLocationsAsync(
            { name: `projects/${project}`, pageSize: 1 },
            { autoPaginate: false, retry: null, ...call },
          )
          return pages[Symbol.asyncIterator]().next()
        }, signal)
      })
    },

    close: () => pool.close(),
  }
}
