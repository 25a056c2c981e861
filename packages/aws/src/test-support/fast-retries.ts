import { createRequire } from 'node:module'
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager'

type RetryStrategy = NonNullable<SecretsManagerClientConfig['retryStrategy']>

// The SDK's own retry strategy, loaded from the @smithy/core the SDK itself uses, so tests count the
// retries the real client makes (which errors it retries, how many times) without its backoff sleeps.
const sdkRequire = createRequire(createRequire(import.meta.url).resolve('@aws-sdk/client-secrets-manager'))
const { ConfiguredRetryStrategy } = sdkRequire('@smithy/core/retry') as {
  ConfiguredRetryStrategy: new (maxAttempts: number, backoff: (attempt: number) => number) => RetryStrategy
}

/** StandardRetryStrategy's rules with `maxAttempts` attempts and a 1 ms backoff. */
export function fastRetries(maxAttempts = 3): RetryStrategy {
  return new ConfiguredRetryStrategy(maxAttempts, () => 1)
}
