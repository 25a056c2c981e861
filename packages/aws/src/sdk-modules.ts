import type * as SecretsManagerSdk from '@aws-sdk/client-secrets-manager'
import type * as StsSdk from '@aws-sdk/client-sts'
import type * as CredentialProvidersSdk from '@aws-sdk/credential-providers'

/**
 * The AWS SDK is loaded on first use, not when this package is imported: an app that only
 * renders templates, or uses other providers, never pays for it. A failed load is retried next time.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined
      throw error
    })
    return pending
  }
}

export const loadSecretsManager = once<typeof SecretsManagerSdk>(
  () => import('@aws-sdk/client-secrets-manager'),
)
export const loadSts = once<typeof StsSdk>(() => import('@aws-sdk/client-sts'))
export const loadCredentialProviders = once<typeof CredentialProvidersSdk>(
  () => import('@aws-sdk/credential-providers'),
)
