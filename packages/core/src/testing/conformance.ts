import { beforeEach, describe, expect, it } from 'vitest'
import type { AnySecretProvider, CloudCredentialInput } from '../provider.js'
import { formatReference, parseReference } from '../reference.js'
import { createVault, type Vault } from '../vault.js'
import type { VaultError, VaultErrorCode } from '../vault-error.js'
import { printedForms, vaultFailure } from './assertions.js'

/** What a provider package gives the shared conformance suite about its own mock. */
export interface ConformanceFixture {
  /** The describe() title. */
  name: string
  /** The provider under test, pointed at the mock (with few or fast retries). */
  createProvider(): AnySecretProvider
  /** A credential the mock accepts. */
  credential: CloudCredentialInput
  /** A credential of the same provider that the mock rejects; its id is replaced by `credential.id`. */
  badCredential: CloudCredentialInput
  /** A URI reference (no #key) to a secret whose value is this JSON object: two fields or more, values of 4 characters or more (so `redact` hides them). */
  json: { reference: string; value: Record<string, string> }
  /** Two versions of one secret with different values. */
  versions: { current: { reference: string; value: string }; previous: { reference: string; value: string } }
  /** A reference to a secret that does not exist. */
  missing: string
  /** A reference the provider's parseLocator rejects. */
  invalid: string
  /** Every secret value, key, token and password in play: none may ever be printed. */
  sentinels: string[]
  /** How many secret reads the mock has served so far. */
  upstreamCalls(): number
  /** Called before each test, to reseed the mock. */
  reset?(): void | Promise<void>
}

function expectCode(error: VaultError, code: VaultErrorCode): void {
  expect({ code: error.code, message: error.message }).toMatchObject({ code })
}

/**
 * The contract, tested once and proven against every provider's own mock: fetch by reference,
 * versions, JSON keys, not-found, bad credentials, invalid references, cache-key stability,
 * one upstream call for concurrent gets, and no secret in any printed output.
 */
export function describeProviderConformance(fixture: ConformanceFixture): void {
  describe(`${fixture.name}: provider conformance (contract v1)`, () => {
    let provider: AnySecretProvider
    let vault: Vault

    beforeEach(async () => {
      await fixture.reset?.()
      provider = fixture.createProvider()
      vault = createVault({ providers: [provider], credentials: [fixture.credential] })
    })

    it('declares specification v1 and an id matching its references', () => {
      expect(provider.specificationVersion).toBe('v1')
      expect(parseReference(fixture.json.reference).provider).toBe(provider.id)
      expect(fixture.credential.provider).toBe(provider.id)
    })

    it('fetches a whole JSON secret by reference', async () => {
      expect(JSON.parse(await vault.get(fixture.json.reference))).toEqual(fixture.json.value)
    })

    it('picks each field of a JSON secret with #key, from one upstream read', async () => {
      const before = fixture.upstreamCalls()
      for (const [field, value] of Object.entries(fixture.json.value)) {
        expect(await vault.get(`${fixture.json.reference}#${encodeURIComponent(field)}`)).toBe(value)
      }
      expect(fixture.upstreamCalls() - before).toBe(1)
      const missing = await vaultFailure(vault.get(`${fixture.json.reference}#no-such-field`))
      expectCode(missing, 'KEY_NOT_FOUND')
      for (const field of Object.keys(fixture.json.value)) expect(missing.message).toContain(field)
    })

    it('selects versions', async () => {
      expect(await vault.get(fixture.versions.current.reference)).toBe(fixture.versions.current.value)
      expect(await vault.get(fixture.versions.previous.reference)).toBe(fixture.versions.previous.value)
    })

    it('answers SECRET_NOT_FOUND, not retryable, naming provider and reference', async () => {
      const error = await vaultFailure(vault.get(fixture.missing))
      expectCode(error, 'SECRET_NOT_FOUND')
      expect(error.retryable).toBe(false)
      expect(error.provider).toBe(provider.id)
      expect(error.reference).toBeTruthy()
    })

    it('answers AUTHENTICATION_FAILED for a credential the vault rejects', async () => {
      const bad = createVault({
        providers: [fixture.createProvider()],
        credentials: [{ ...fixture.badCredential, id: fixture.credential.id }],
      })
      expectCode(await vaultFailure(bad.get(fixture.json.reference)), 'AUTHENTICATION_FAILED')
    })

    it('answers INVALID_REFERENCE for a reference the provider rejects, without calling the vault', async () => {
      const before = fixture.upstreamCalls()
      expectCode(await vaultFailure(vault.get(fixture.invalid)), 'INVALID_REFERENCE')
      expect(fixture.upstreamCalls()).toBe(before)
    })

    it('gives stable cache keys: canonical form and #key do not change them, versions do', () => {
      const credential = provider.parseCredential(fixture.credential)
      const keyOf = (reference: string) => {
        const { key: _key, ...parsed } = parseReference(reference)
        return provider.cacheKey(provider.parseLocator(parsed, credential))
      }
      const reference = fixture.json.reference
      expect(keyOf(reference)).toBe(keyOf(reference))
      expect(keyOf(formatReference(parseReference(reference)))).toBe(keyOf(reference))
      expect(keyOf(fixture.versions.current.reference)).not.toBe(keyOf(fixture.versions.previous.reference))
    })

    it('makes one upstream call for 50 concurrent gets of an uncached secret', async () => {
      const before = fixture.upstreamCalls()
      const values = await Promise.all(
        Array.from({ length: 50 }, () => vault.get(fixture.versions.current.reference)),
      )
      expect(new Set(values)).toEqual(new Set([fixture.versions.current.value]))
      expect(fixture.upstreamCalls() - before).toBe(1)
    })

    it('never prints a secret: errors, credentials, provider and vault', async () => {
      expect(fixture.sentinels.length).toBeGreaterThan(0)
      const bad = createVault({
        providers: [fixture.createProvider()],
        credentials: [{ ...fixture.badCredential, id: fixture.credential.id }],
      })
      await vault.get(fixture.json.reference)
      const outputs: unknown[] = [
        await vaultFailure(vault.get(fixture.missing)),
        await vaultFailure(vault.get(fixture.invalid)),
        await vaultFailure(vault.get(`${fixture.json.reference}#no-such-field`)),
        await vaultFailure(bad.get(fixture.json.reference)),
        vault.credentials.list(),
        vault.credentials.get(fixture.credential.id),
        provider.parseCredential(fixture.credential),
        provider,
        vault,
        vault.cache.stats(),
      ]
      for (const output of outputs) {
        const text = printedForms(output)
        for (const sentinel of fixture.sentinels)
          expect(text.includes(sentinel), `${sentinel.slice(0, 4)}… printed`).toBe(false)
      }
      const redacted = vault.redact(`sent ${Object.values(fixture.json.value).join(' and ')}`)
      for (const value of Object.values(fixture.json.value)) expect(redacted).not.toContain(value)
    })
  })
}
