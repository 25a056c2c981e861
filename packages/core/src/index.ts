export { abortableDelay } from './abortable-delay.js'
export type {
  AnySecretProvider,
  CloudCredentialInput,
  CredentialBase,
  InsomniaMapping,
  ParsedReference,
  ProviderContext,
  SecretPayload,
  SecretProvider,
} from './provider.js'
export { MIN_REDACTED_LENGTH } from './redaction.js'
export {
  describeReference,
  formatReference,
  MAX_REFERENCE_LENGTH,
  type ObjectReference,
  parseObjectReference,
  parseReference,
  type SecretEncoding,
  type SecretReference,
} from './reference.js'
export { MASK, Secret, secret } from './secret.js'
export {
  type CacheFilter,
  type CacheOptions,
  type CacheStats,
  DEFAULT_MAX,
  DEFAULT_TTL,
} from './secret-cache.js'
export { parseTemplate, type TemplatePart, type TemplateTag } from './template.js'
export {
  createVault,
  DEFAULT_TIMEOUT,
  type FoundReference,
  type GetOptions,
  type RenderOptions,
  type Vault,
  type VaultCache,
  type VaultCredentials,
  type VaultOptions,
} from './vault.js'
export {
  sanitizeCause,
  VAULT_ERROR_CODES,
  VaultError,
  type VaultErrorCode,
  type VaultErrorOptions,
} from './vault-error.js'
