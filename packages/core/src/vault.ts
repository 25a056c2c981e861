import { CredentialStore } from './credential-store.js'
import { extractKey, parseJsonSecret } from './json-key.js'
import { ObjectReferenceMemo } from './object-reference-memo.js'
import { type Plan, withReference } from './plan.js'
import type {
  AnySecretProvider,
  CloudCredentialInput,
  CredentialBase,
  ParsedReference,
  SecretPayload,
} from './provider.js'
import { redactText, secretStrings } from './redaction.js'
import { describeReference, parseObjectReference, parseReference, type SecretReference } from './reference.js'
import {
  type CacheEntry,
  type CacheFilter,
  type CacheOptions,
  type CacheStats,
  SecretCache,
} from './secret-cache.js'
import { parseEncoding, secretText } from './secret-value.js'
import { createTemplateResolver, type FoundReference, type RenderOptions } from './template-resolver.js'
import { withTimeout } from './timeout.js'

export type { FoundReference, RenderOptions } from './template-resolver.js'

import { VaultError } from './vault-error.js'

export interface VaultOptions {
  providers: readonly AnySecretProvider[]
  credentials?: readonly CloudCredentialInput[]
  cache?: CacheOptions
  /** How long one upstream fetch may take, in ms. Default 30 s. */
  timeout?: number
}

export interface GetOptions {
  signal?: AbortSignal
}

export interface VaultCache {
  clear(filter?: CacheFilter): number
  setTtl(ms: number): void
  readonly ttl: number
  stats(): CacheStats
}

export interface VaultCredentials {
  add(credential: CloudCredentialInput): CredentialBase
  update(credential: CloudCredentialInput): CredentialBase
  remove(id: string): boolean
  get(id: string): CredentialBase | undefined
  list(): CredentialBase[]
}

export interface Vault {
  get(reference: SecretReference, options?: GetOptions): Promise<string>
  render(text: string, options?: RenderOptions): Promise<string>
  findReferences(text: string): FoundReference[]
  redact(text: string): string
  readonly cache: VaultCache
  readonly credentials: VaultCredentials
  testCredential(id: string, options?: GetOptions): Promise<void>
  close(): Promise<void>
}

export const DEFAULT_TIMEOUT = 30_000
const MAX_MEMOISED_REFERENCES = 1000

export function createVault(options: VaultOptions): Vault {
  const providers = new Map<string, AnySecretProvider>()
  for (const provider of options.providers ?? []) {
    if (provider?.specificationVersion !== 'v1') {
      throw new TypeError(
        `Provider "${String(provider?.id)}" implements specification "${String(provider?.specificationVersion)}"; this core supports "v1". Upgrade the provider or core.`,
      )
    }
    if (providers.has(provider.id))
      throw new TypeError(`Two providers have the id "${provider.id}"; pass each once.`)
    providers.set(provider.id, provider)
  }
  const timeout = options.timeout ?? DEFAULT_TIMEOUT
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new RangeError(`timeout must be a positive number of milliseconds; got ${String(timeout)}.`)

  const cache = new SecretCache(options.cache)
  const store = new CredentialStore(providers, (id) => cache.clear({ credential: id }))
  for (const credential of options.credentials ?? []) store.add(credential)
  // Plans are memoised by the reference as written (objects by their fields); a plan whose credential
  // has since been edited or removed is not used. Bounded by clearing: rebuilding a plan is cheap.
  const stringPlans = new Map<string, Plan>()
  const objectPlans = new ObjectReferenceMemo<Plan>(MAX_MEMOISED_REFERENCES)

  function buildPlan(parsed: ParsedReference): Plan {
    const provider = providers.get(parsed.provider)
    let description: string | undefined
    const describe = () => {
      description ??= describeReference(parsed)
      return description
    }
    if (provider === undefined) {
      throw new VaultError({
        code: 'UNKNOWN_PROVIDER',
        reference: describe(),
        message: `No provider "${parsed.provider}" is installed in this vault. Use one of: ${[...providers.keys()].join(', ') || 'none'}, or install @external-vault/${parsed.provider} and pass it to createVault.`,
      })
    }
    const stored = store.lookup(parsed.credential)
    if (stored === undefined) {
      throw new VaultError({
        code: 'CREDENTIAL_NOT_FOUND',
        provider: provider.id,
        reference: describe(),
        message: `No credential "${parsed.credential}" exists. Add it under Preferences → Cloud Credentials (credentials.add), or fix the id after "${parsed.provider}://".`,
      })
    }
    if (stored.provider !== provider) {
      throw new VaultError({
        code: 'INVALID_REFERENCE',
        provider: provider.id,
        reference: describe(),
        message: `Credential "${parsed.credential}" is a ${stored.provider.id} credential, not a ${provider.id} one. Use a ${provider.id} credential, or write ${stored.provider.id}://${parsed.credential}/….`,
      })
    }
    const { encoding: encodingOption, ...options } = parsed.options
    const { encoding: encodingField, ...fields } = (parsed.fields ?? {}) as Record<string, unknown>
    const encoding = parseEncoding(encodingOption ?? encodingField)
    const forProvider: ParsedReference = {
      provider: parsed.provider,
      credential: parsed.credential,
      options,
      ...(parsed.locator === undefined ? { fields } : { locator: parsed.locator }),
      ...(parsed.key === undefined ? {} : { key: parsed.key }),
    }
    const locator: unknown = provider.parseLocator(forProvider, stored.credential)
    const cacheKey = `${provider.id}\u0000${stored.credential.id}\u0000${stored.fingerprint}\u0000${provider.cacheKey(locator)}`
    return {
      stored,
      locator,
      cacheKey,
      key: parsed.key,
      encoding,
      valueKey: `${encoding}\u0000${parsed.key ?? ''}`,
      describe,
    }
  }

  function planFor(reference: SecretReference): Plan {
    const held = typeof reference === 'string' ? stringPlans.get(reference) : objectPlans.get(reference)
    if (held !== undefined && store.lookup(held.stored.credential.id) === held.stored) return held
    if (typeof reference === 'string') {
      const plan = buildPlan(parseReference(reference))
      if (stringPlans.size >= MAX_MEMOISED_REFERENCES) stringPlans.clear()
      stringPlans.set(reference, plan)
      return plan
    }
    const plan = buildPlan(parseObjectReference(reference))
    objectPlans.set(reference, plan)
    return plan
  }

  function describeInput(reference: SecretReference): string {
    if (typeof reference === 'string')
      return reference.length > 200 ? `${reference.slice(0, 200)}…` : reference
    try {
      return describeReference(parseObjectReference(reference))
    } catch {
      return '(object reference)'
    }
  }

  function planOrThrow(reference: SecretReference): Plan {
    try {
      return planFor(reference)
    } catch (error) {
      const provider = typeof reference === 'string' ? undefined : reference?.provider
      throw withReference(
        error,
        typeof provider === 'string' ? provider : undefined,
        describeInput(reference),
      )
    }
  }

  /** The plan's value from a cached entry: decoded, key extracted, and kept beside the entry for the next hit. */
  function secretValueFor(entry: CacheEntry, plan: Plan): string {
    const held = entry.derived.get(plan.valueKey) as string | undefined
    if (held !== undefined) return held
    const textKey = `text:${plan.encoding}`
    let text = entry.derived.get(textKey) as string | undefined
    if (text === undefined) {
      text = secretText(entry.payload, plan.encoding)
      entry.derived.set(textKey, text)
    }
    let value = text
    if (plan.key !== undefined) {
      let json = entry.derived.get('json') as object | undefined
      if (json === undefined) {
        json = parseJsonSecret(text)
        entry.derived.set('json', json)
      }
      value = extractKey(json, plan.key)
    }
    entry.derived.set(plan.valueKey, value)
    return value
  }

  async function fetchPlan(plan: Plan, signal: AbortSignal | undefined): Promise<string> {
    const { provider, credential } = plan.stored
    try {
      const entry = await cache.getOrLoad(
        plan.cacheKey,
        { provider: provider.id, credential: credential.id },
        (loadSignal) =>
          withTimeout(
            timeout,
            loadSignal,
            (fetchSignal) =>
              provider.fetchSecret(plan.locator, credential, {
                signal: fetchSignal,
              }) as Promise<SecretPayload>,
            () => timeoutError(provider.id, plan.describe()),
          ),
        signal,
      )
      return secretValueFor(entry, plan)
    } catch (error) {
      if (signal?.aborted && error === signal.reason) throw error
      throw withReference(error, provider.id, plan.describe())
    }
  }

  function timeoutError(provider: string, reference: string): VaultError {
    return new VaultError({
      code: 'TIMEOUT',
      provider,
      reference,
      message: `The ${provider} vault did not answer within ${timeout} ms. Check the network path to it, or raise "timeout" in createVault.`,
    })
  }

  const templates = createTemplateResolver({ providers, store, planOrThrow, fetchPlan })

  return {
    // Not async: a cache hit answers without going through the loader's promise chain.
    get(reference, getOptions = {}) {
      const { signal } = getOptions
      if (signal?.aborted) return Promise.reject(signal.reason)
      let plan: Plan
      try {
        plan = planOrThrow(reference)
      } catch (error) {
        return Promise.reject(error)
      }
      const entry = cache.fresh(plan.cacheKey)
      if (entry === undefined) return fetchPlan(plan, signal)
      try {
        return Promise.resolve(secretValueFor(entry, plan))
      } catch (error) {
        return Promise.reject(withReference(error, plan.stored.provider.id, plan.describe()))
      }
    },
    render: templates.render,
    findReferences: templates.findReferences,
    redact(text) {
      return redactText(
        text,
        [...cache.entries()].flatMap((entry) => secretStrings(entry)),
      )
    },
    cache: {
      clear: (filter) => cache.clear(filter),
      setTtl: (ms) => cache.setTtl(ms),
      get ttl() {
        return cache.ttl
      },
      stats: () => cache.stats(),
    },
    credentials: {
      add: (credential) => store.add(credential),
      update: (credential) => store.update(credential),
      remove: (id) => store.remove(id),
      get: (id) => store.get(id),
      list: () => store.list(),
    },
    async testCredential(id, testOptions = {}) {
      const stored = store.lookup(id)
      if (stored === undefined) {
        throw new VaultError({
          code: 'CREDENTIAL_NOT_FOUND',
          message: `No credential "${id}" exists. Add it before testing it.`,
        })
      }
      const { provider, credential } = stored
      if (provider.testCredential === undefined) return
      const controller = new AbortController()
      const abort = () => controller.abort(testOptions.signal?.reason)
      testOptions.signal?.addEventListener('abort', abort, { once: true })
      try {
        await withTimeout(
          timeout,
          controller.signal,
          (signal) => provider.testCredential?.(credential, { signal }) as Promise<void>,
          () => timeoutError(provider.id, `credential "${id}"`),
        )
      } catch (error) {
        if (testOptions.signal?.aborted) throw testOptions.signal.reason
        throw VaultError.isInstance(error)
          ? error.withContext({ provider: provider.id })
          : withReference(error, provider.id, `credential "${id}"`)
      } finally {
        testOptions.signal?.removeEventListener('abort', abort)
      }
    },
    async close() {
      cache.clear()
      await Promise.all([...providers.values()].map((provider) => provider.close?.()))
    },
  }
}
