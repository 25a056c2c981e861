import type { CredentialBase, ParsedReference, SecretPayload, SecretProvider } from '@external-vault/core'
import { VaultError } from '@external-vault/core'

interface BenchLocator {
  name: string
}

/**
 * A provider that lives in the bench: values from a function, an optional delay, a call counter.
 * It measures core alone, with no network or SDK in the figure.
 */
export class BenchProvider implements SecretProvider<CredentialBase, BenchLocator> {
  readonly specificationVersion = 'v1'
  readonly id = 'bench'
  readonly #source: (name: string) => string | undefined
  latencyMs = 0
  calls = 0

  constructor(source: (name: string) => string | undefined) {
    this.#source = source
  }

  parseCredential(input: { id: string; name?: string }): CredentialBase {
    return { id: input.id, provider: this.id, ...(input.name === undefined ? {} : { name: input.name }) }
  }

  parseLocator(reference: ParsedReference): BenchLocator {
    const name = reference.locator ?? reference.fields?.secret
    if (typeof name !== 'string' || name === '') {
      throw new VaultError({ code: 'INVALID_REFERENCE', message: 'A bench reference needs a secret name.' })
    }
    return { name }
  }

  cacheKey(locator: BenchLocator): string {
    return locator.name
  }

  async fetchSecret(locator: BenchLocator, _credential: CredentialBase): Promise<SecretPayload> {
    this.calls++
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs))
    const value = this.#source(locator.name)
    if (value === undefined) {
      throw new VaultError({ code: 'SECRET_NOT_FOUND', message: `No bench secret "${locator.name}".` })
    }
    return { value }
  }
}
