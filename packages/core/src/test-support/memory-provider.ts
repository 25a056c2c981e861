import type { CredentialBase, ParsedReference, SecretPayload, SecretProvider } from '../provider.js'
import { type Secret, secret } from '../secret.js'
import { VaultError } from '../vault-error.js'

/** A provider over an in-memory map, for core's own tests: `memory://<credential>/<name>[?version=N]`. */
export interface MemoryCredential extends CredentialBase {
  readonly token: Secret
}

export interface MemoryLocator {
  name: string
  version: string
}

export interface MemoryStore {
  /** name → versions, oldest first */
  secrets: Map<string, Array<string | Uint8Array>>
  validToken: string
  calls: number
  /** Next fetches fail with this error. */
  failWith?: VaultError | undefined
  /** Delays each fetch until this resolves. */
  gate?: Promise<void> | undefined
}

export function memoryStore(validToken = 'token-SENTINEL-1234'): MemoryStore {
  return { secrets: new Map(), validToken, calls: 0 }
}

export function memoryProvider(
  store: MemoryStore,
  id = 'memory',
): SecretProvider<MemoryCredential, MemoryLocator> {
  return {
    specificationVersion: 'v1',
    id,
    parseCredential(input) {
      if (typeof input.token !== 'string' || input.token === '') {
        throw new VaultError({
          code: 'INVALID_CREDENTIAL',
          provider: id,
          message: `Credential "${input.id}" needs "token".`,
        })
      }
      return {
        id: input.id,
        provider: id,
        ...(input.name ? { name: input.name } : {}),
        token: secret(input.token),
      }
    },
    parseLocator(reference: ParsedReference): MemoryLocator {
      const fields = reference.fields ?? {}
      const { version, ...unknown } = reference.locator === undefined ? {} : reference.options
      const name = reference.locator ?? fields.secret
      for (const option of Object.keys(unknown)) {
        throw new VaultError({
          code: 'INVALID_REFERENCE',
          message: `Unknown option "${option}". Use "version".`,
        })
      }
      if (typeof name !== 'string')
        throw new VaultError({ code: 'INVALID_REFERENCE', message: 'Name the secret.' })
      return { name, version: String(version ?? fields.version ?? 'latest') }
    },
    cacheKey: (locator) => `${locator.name}@${locator.version}`,
    async fetchSecret(locator, credential, { signal }): Promise<SecretPayload> {
      store.calls++
      if (store.gate) await store.gate
      signal.throwIfAborted()
      if (credential.token.reveal() !== store.validToken) {
        throw new VaultError({
          code: 'AUTHENTICATION_FAILED',
          message: 'The token was rejected. Replace it.',
        })
      }
      if (store.failWith) throw store.failWith
      const versions = store.secrets.get(locator.name)
      const value =
        versions?.[locator.version === 'latest' ? versions.length - 1 : Number(locator.version) - 1]
      if (value === undefined)
        throw new VaultError({
          code: 'SECRET_NOT_FOUND',
          message: `No secret "${locator.name}". Check its name.`,
        })
      return { value, version: locator.version }
    },
    fromInsomniaConfig(config) {
      const { name, version, field } = config as { name: string; version?: string; field?: string }
      return { fields: { secret: name, ...(version ? { version } : {}) }, ...(field ? { key: field } : {}) }
    },
  }
}
