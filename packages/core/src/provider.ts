/**
 * The contract between core and a provider package (version 'v1').
 * A provider is stateless towards core: it holds no cache and no registry of credentials;
 * core parses references, looks up credentials, caches, de-duplicates, times out and extracts JSON keys.
 */

/** Fields every credential has, whatever its provider. Secret fields of a parsed credential are `Secret`s. */
export interface CredentialBase {
  readonly id: string
  readonly name?: string
  readonly provider: string
}

/** A credential as a user enters it (Preferences → Cloud Credentials), before its provider validates it. */
export interface CloudCredentialInput {
  id: string
  name?: string
  provider: string
  [field: string]: unknown
}

/**
 * A reference as core hands it to `parseLocator`.
 * A URI fills `locator` and `options`; an object reference fills `fields` with its own
 * provider-specific properties (`secret`, `versionStage`, `mount`, `path`, …).
 * Core-level options (`encoding`) and the JSON `key` are removed before the provider sees them.
 */
export interface ParsedReference {
  provider: string
  credential: string
  /** Everything between the `/` after the credential id and `?`/`#`, percent-decoded once. */
  locator?: string
  /** URI options, percent-decoded. A provider rejects names it does not know with INVALID_REFERENCE. */
  options: Readonly<Record<string, string>>
  /** Object-form properties other than provider, credential, key and encoding. */
  fields?: Readonly<Record<string, unknown>>
  /** `name` for a top-level field, `/a/b` for an RFC 6901 pointer. */
  key?: string
}

export interface SecretPayload {
  value: string | Uint8Array
  version?: string
  createdAt?: Date
}

export interface ProviderContext {
  /** Aborts on the vault's timeout and when every caller waiting for this fetch has aborted. */
  signal: AbortSignal
}

/** What an Insomnia `{% vault %}` config maps to: the object-reference fields, and the JSON key if any. */
export interface InsomniaMapping {
  fields: Record<string, unknown>
  key?: string
}

export interface SecretProvider<Credential extends CredentialBase = CredentialBase, Locator = unknown> {
  readonly specificationVersion: 'v1'
  /** The reference scheme and the credential's `provider` field: 'aws', 'gcp', 'hashicorp', … */
  readonly id: string
  /** Validates a credential; throws VaultError INVALID_CREDENTIAL naming the field. Wrap secret fields in `Secret`. */
  parseCredential(input: CloudCredentialInput): Credential
  /** Throws VaultError INVALID_REFERENCE naming the option or field. */
  parseLocator(reference: ParsedReference, credential: Credential): Locator
  /** Canonical and stable: version/stage included, JSON key and encoding excluded. */
  cacheKey(locator: Locator): string
  fetchSecret(locator: Locator, credential: Credential, context: ProviderContext): Promise<SecretPayload>
  /** "Test connection": proves the credential works, ideally without secret permissions. */
  testCredential?(credential: Credential, context: ProviderContext): Promise<void>
  /** Maps the config object of Insomnia's `{% vault 'id', 'credential', 'config' %}` tag. */
  fromInsomniaConfig?(config: Record<string, unknown>, credential: Credential): InsomniaMapping
  /** Releases clients and sockets. */
  close?(): Promise<void>
}

/**
 * Any provider, whatever its credential and locator types. The contract's methods are declared as
 * methods (bivariant parameters), so a `SecretProvider<AwsCredential, AwsLocator>` fits here without `any`.
 */
export type AnySecretProvider = SecretProvider<CredentialBase, unknown>
