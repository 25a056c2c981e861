export type { GcpClientOptions } from './client-options.js'
export type {
  GcpApplicationDefaultCredential,
  GcpCredential,
  GcpServiceAccountCredential,
} from './gcp-credential.js'
export type { GcpLocator } from './gcp-locator.js'
export {
  DEFAULT_REQUEST_TIMEOUT,
  type GcpSecretManagerProvider,
  type GcpSecretManagerSettings,
  gcpSecretManager,
} from './gcp-provider.js'
export type { RetrySettings as GcpRetrySettings } from './retry.js'
