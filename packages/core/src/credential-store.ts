import { createRequire } from 'node:module'
import type { AnySecretProvider, CloudCredentialInput, CredentialBase } from './provider.js'
import { Secret } from './secret.js'
import { sanitizeCause, VaultError } from './vault-error.js'

/** A credential as the vault holds it: the provider's parsed form and a fingerprint of its content. */
export interface StoredCredential {
  readonly credential: CredentialBase
  readonly provider: AnySecretProvider
  /** Changes whenever the credential's content does, so cache keys of an edited credential never match. */
  readonly fingerprint: string
}

type Crypto = typeof import('node:crypto')
let crypto: { hmac: Crypto['createHmac']; key: Buffer } | undefined

/**
 * node:crypto, loaded when the first credential is fingerprinted rather than when core is imported
 * (it is a third of core's import time). The key is per process: fingerprints cannot be compared
 * across processes or guessed offline.
 */
function fingerprinting(): { hmac: Crypto['createHmac']; key: Buffer } {
  if (crypto === undefined) {
    const { createHmac, randomBytes } = createRequire(import.meta.url)('node:crypto') as Crypto
    crypto = { hmac: createHmac, key: randomBytes(32) }
  }
  return crypto
}

function stableContent(value: unknown): unknown {
  if (Secret.isInstance(value)) return { secret: value.reveal() }
  if (Array.isArray(value)) return value.map(stableContent)
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((name) => [name, stableContent((value as Record<string, unknown>)[name])]),
    )
  }
  return value
}

export function fingerprintOf(credential: CredentialBase): string {
  const { hmac, key } = fingerprinting()
  return hmac('sha256', key)
    .update(JSON.stringify(stableContent(credential)))
    .digest('base64url')
    .slice(0, 22)
}

function invalidCredential(message: string, provider?: string): VaultError {
  return new VaultError({ code: 'INVALID_CREDENTIAL', message, ...(provider ? { provider } : {}) })
}

/** Preferences → Cloud Credentials: every credential validated by its provider, secret fields never shown. */
export class CredentialStore {
  readonly #providers: ReadonlyMap<string, AnySecretProvider>
  readonly #stored = new Map<string, StoredCredential>()
  readonly #onChange: (id: string) => void

  constructor(providers: ReadonlyMap<string, AnySecretProvider>, onChange: (id: string) => void) {
    this.#providers = providers
    this.#onChange = onChange
  }

  #parse(input: CloudCredentialInput): StoredCredential {
    if (typeof input !== 'object' || input === null) {
      throw invalidCredential('A credential must be an object with id, provider and the provider’s fields.')
    }
    const { id, provider: providerId, name } = input
    if (typeof id !== 'string' || id.trim() === '' || id.length > 200) {
      throw invalidCredential(
        'The credential needs an "id": a non-empty name of up to 200 characters, such as "prod".',
      )
    }
    if (name !== undefined && typeof name !== 'string') {
      throw invalidCredential(`Credential "${id}": "name" must be a string.`)
    }
    const provider = typeof providerId === 'string' ? this.#providers.get(providerId) : undefined
    if (provider === undefined) {
      throw new VaultError({
        code: 'UNKNOWN_PROVIDER',
        message: `Credential "${id}" is for provider "${String(providerId)}", which this vault does not have. Use one of: ${[...this.#providers.keys()].join(', ') || 'none'}, or pass its provider to createVault.`,
      })
    }
    let credential: CredentialBase
    try {
      credential = provider.parseCredential(input)
    } catch (error) {
      if (VaultError.isInstance(error)) throw error
      // A provider's own exception may quote the input (a key file's content); keep only its type.
      throw new VaultError({
        code: 'INVALID_CREDENTIAL',
        provider: provider.id,
        message: `Credential "${id}" could not be read by the ${provider.id} provider. Check its fields against the provider's README.`,
        cause: sanitizeCause(error, false),
      })
    }
    if (credential.id !== id || credential.provider !== provider.id) {
      throw invalidCredential(
        `The ${provider.id} provider changed the id or provider of credential "${id}"; this is a provider bug.`,
      )
    }
    return { credential: Object.freeze(credential), provider, fingerprint: fingerprintOf(credential) }
  }

  add(input: CloudCredentialInput): CredentialBase {
    const stored = this.#parse(input)
    if (this.#stored.has(stored.credential.id)) {
      throw invalidCredential(
        `A credential with id "${stored.credential.id}" already exists. Use credentials.update to change it, or pick another id.`,
        stored.provider.id,
      )
    }
    this.#stored.set(stored.credential.id, stored)
    return stored.credential
  }

  /** Replaces a credential whole; secrets cached through the old one are dropped. */
  update(input: CloudCredentialInput): CredentialBase {
    const id = (input as { id?: unknown } | null)?.id
    if (typeof id !== 'string' || !this.#stored.has(id)) {
      throw new VaultError({
        code: 'CREDENTIAL_NOT_FOUND',
        message: `There is no credential "${String(id)}" to update. Add it with credentials.add first.`,
      })
    }
    const stored = this.#parse(input)
    this.#stored.set(id, stored)
    this.#onChange(id)
    return stored.credential
  }

  /** Removes a credential and the secrets cached through it; false when there was none. */
  remove(id: string): boolean {
    const removed = this.#stored.delete(id)
    if (removed) this.#onChange(id)
    return removed
  }

  /** The credential with its secret fields masked wherever it is printed or serialised. */
  get(id: string): CredentialBase | undefined {
    return this.#stored.get(id)?.credential
  }

  list(): CredentialBase[] {
    return [...this.#stored.values()].map((stored) => stored.credential)
  }

  /** For the vault itself: the parsed credential, its provider and fingerprint. */
  lookup(id: string): StoredCredential | undefined {
    return this.#stored.get(id)
  }
}
