import type { StoredCredential } from './credential-store.js'
import type { SecretEncoding } from './reference.js'
import { sanitizeCause, VaultError } from './vault-error.js'

/** Everything needed to fetch one reference, worked out once per reference and credential version. */
export interface Plan {
  stored: StoredCredential
  locator: unknown
  cacheKey: string
  key: string | undefined
  encoding: SecretEncoding
  /** Names this plan's value among an entry's derived forms: encoding and key. */
  valueKey: string
  /** For messages: the reference in canonical or descriptive form, worked out only when a message needs it. */
  describe(): string
}

/** The error as the caller should see it: a VaultError naming the reference, whatever the provider threw. */
export function withReference(error: unknown, provider: string | undefined, reference: string): VaultError {
  if (VaultError.isInstance(error)) return error.withContext({ ...(provider ? { provider } : {}), reference })
  return new VaultError({
    code: 'UNAVAILABLE',
    ...(provider ? { provider } : {}),
    reference,
    message: `The ${provider ?? ''} provider failed unexpectedly while resolving ${reference}. Try again; if it persists, report it with the error's cause.`,
    cause: sanitizeCause(error, false),
  })
}
