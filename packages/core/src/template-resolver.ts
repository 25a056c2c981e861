import type { CredentialStore } from './credential-store.js'
import type { Plan } from './plan.js'
import { withReference } from './plan.js'
import type { AnySecretProvider } from './provider.js'
import type { ObjectReference, SecretReference } from './reference.js'
import { MASK } from './secret.js'
import { decodeInsomniaConfig, type InsomniaTag, parseTemplate, type TemplateTag } from './template.js'
import { VaultError, type VaultErrorCode } from './vault-error.js'

export interface RenderOptions {
  /** Put the mask in place of every reference without fetching (references are still validated). */
  mask?: boolean
  signal?: AbortSignal
}

/** A reference found in text, with where it stands, so a UI can resolve each and show errors beside it. */
export interface FoundReference {
  start: number
  end: number
  /** The tag as written. */
  source: string
  /** What to pass to `vault.get`; absent when the tag cannot be read (see `error`). */
  reference?: SecretReference
  error?: VaultError
}

interface VaultInternals {
  providers: ReadonlyMap<string, AnySecretProvider>
  store: CredentialStore
  planOrThrow(reference: SecretReference): Plan
  fetchPlan(plan: Plan, signal: AbortSignal | undefined): Promise<string>
}

/** Tags in text, resolved through the vault: `render` and `findReferences`. */
export function createTemplateResolver({ providers, store, planOrThrow, fetchPlan }: VaultInternals) {
  function insomniaReference(tag: InsomniaTag): ObjectReference {
    const source = tag.source.length > 200 ? `${tag.source.slice(0, 200)}…` : tag.source
    const fail = (message: string, code: VaultErrorCode = 'INVALID_REFERENCE') =>
      new VaultError({ code, provider: tag.provider, reference: source, message })
    const provider = providers.get(tag.provider)
    if (provider === undefined) {
      throw fail(
        `No provider "${tag.provider}" is installed in this vault. Install and pass it to createVault.`,
        'UNKNOWN_PROVIDER',
      )
    }
    const stored = store.lookup(tag.credential)
    if (stored === undefined) {
      throw fail(
        `No credential "${tag.credential}" exists. Add it under Preferences → Cloud Credentials.`,
        'CREDENTIAL_NOT_FOUND',
      )
    }
    if (provider.fromInsomniaConfig === undefined) {
      throw fail(
        `The ${provider.id} provider cannot read Insomnia vault tags. Write a ${provider.id}:// reference instead.`,
      )
    }
    const config = decodeInsomniaConfig(tag.config)
    if (config === undefined) {
      throw fail(
        'The vault tag’s config is neither a JSON object nor base64 of one. Re-insert the secret from its form.',
      )
    }
    try {
      const { fields, key } = provider.fromInsomniaConfig(config, stored.credential)
      return {
        ...fields,
        provider: provider.id,
        credential: stored.credential.id,
        ...(key === undefined ? {} : { key }),
      }
    } catch (error) {
      throw withReference(error, provider.id, source)
    }
  }

  function referenceOf(tag: TemplateTag): SecretReference {
    return tag.kind === 'uri' ? tag.reference : insomniaReference(tag)
  }

  function findReferences(text: string): FoundReference[] {
    const found: FoundReference[] = []
    for (const part of parseTemplate(text)) {
      if (typeof part === 'string') continue
      const at = { start: part.start, end: part.end, source: part.source }
      try {
        const reference = referenceOf(part)
        planOrThrow(reference)
        found.push({ ...at, reference })
      } catch (error) {
        found.push({ ...at, error: withReference(error, undefined, part.source) })
      }
    }
    return found
  }

  async function render(text: string, options: RenderOptions = {}): Promise<string> {
    // Plan every tag first: an invalid reference fails the render even when masking.
    const planned = parseTemplate(text).map((part) =>
      typeof part === 'string' ? part : planOrThrow(referenceOf(part)),
    )
    if (options.mask) return planned.map((part) => (typeof part === 'string' ? part : MASK)).join('')
    // One fetch per distinct value: same secret, encoding and key. Insertion order is text order.
    const valueId = (plan: Plan) => `${plan.cacheKey}\u0000${plan.encoding}\u0000${plan.key ?? ''}`
    const unique = new Map<string, Promise<string>>()
    for (const part of planned) {
      if (typeof part !== 'string' && !unique.has(valueId(part)))
        unique.set(valueId(part), fetchPlan(part, options.signal))
    }
    const settled = await Promise.allSettled(unique.values())
    const firstFailure = settled.find((result) => result.status === 'rejected')
    if (firstFailure !== undefined) throw (firstFailure as PromiseRejectedResult).reason
    const values = new Map(
      [...unique.keys()].map((id, index) => [id, (settled[index] as PromiseFulfilledResult<string>).value]),
    )
    return planned.map((part) => (typeof part === 'string' ? part : values.get(valueId(part)))).join('')
  }

  return { render, findReferences }
}
