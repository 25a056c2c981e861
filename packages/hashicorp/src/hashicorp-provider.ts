import { type SecretProvider, VaultError } from '@external-vault/core'
import type { CloudCredential, HashicorpCredential, OnPremisesCredential } from './credential.js'
import { parseHashicorpCredential } from './credential.js'
import { createHcpSession, type HcpSession, readHcpSecret, testHcpCredential } from './hcp-secrets.js'
import { type FetchLike, HttpClient } from './http-client.js'
import { hashicorpFromInsomniaConfig } from './insomnia-config.js'
import { readKvSecret } from './kv-reader.js'
import { type HashicorpLocator, hashicorpCacheKey, parseHashicorpLocator } from './locator.js'
import { createTransport, type Transport } from './transport.js'
import { testVaultCredential, vaultTokenSource } from './vault-auth.js'
import type { VaultSession } from './vault-session.js'

export interface HashicorpVaultSettings {
  /** HCP's token endpoint origin. Default `https://auth.idp.hashicorp.com`. */
  hcpAuthUrl?: string
  /** HCP's API origin. Default `https://api.cloud.hashicorp.com`. */
  hcpApiUrl?: string
  /** Retries after the first attempt for 429, 5xx and network failures. Default 3; 0 turns retries off. */
  retry?: number
  /** First backoff before a retry, in ms (doubled each time, with jitter, at most 5 s). Default 250. */
  retryDelay?: number
  /** Timeout of each single HTTP attempt, in ms, within the vault's overall timeout. Default 10 000. */
  requestTimeout?: number
  /**
   * The fetch to use, for tests and proxies. Default: the global fetch, or undici's own fetch for a
   * credential with `caCert`/`tlsSkipVerify` (it is then called with an undici `dispatcher` option).
   */
  fetch?: typeof globalThis.fetch
}

export const DEFAULT_HCP_AUTH_URL = 'https://auth.idp.hashicorp.com'
export const DEFAULT_HCP_API_URL = 'https://api.cloud.hashicorp.com'
const MAX_RETRY_DELAY = 5_000

export type HashicorpProvider = SecretProvider<HashicorpCredential, HashicorpLocator>

function positiveSetting(
  name: string,
  value: number | undefined,
  fallback: number,
  allowZero: boolean,
): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(
      `hashicorpVault: "${name}" must be a ${allowZero ? 'non-negative' : 'positive'} number; got ${String(value)}.`,
    )
  }
  return value
}

function origin(name: string, value: string | undefined, fallback: string): string {
  const text = value ?? fallback
  try {
    const url = new URL(text)
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
  } catch {
    throw new TypeError(`hashicorpVault: "${name}" must be a URL such as ${fallback}.`)
  }
}

/**
 * The HashiCorp provider: KV v1/v2 secrets on a Vault server (token or AppRole), and static secrets of
 * HCP Vault Secrets, over fetch. Per credential it keeps its token, its known mounts and its TLS agent;
 * nothing of that is reachable from the returned object, so printing it shows no token.
 */
export function hashicorpVault(settings: HashicorpVaultSettings = {}): HashicorpProvider {
  const retries = Math.floor(positiveSetting('retry', settings.retry, 3, true))
  const retryDelay = positiveSetting('retryDelay', settings.retryDelay, 250, true)
  const requestTimeout = positiveSetting('requestTimeout', settings.requestTimeout, 10_000, false)
  const authUrl = origin('hcpAuthUrl', settings.hcpAuthUrl, DEFAULT_HCP_AUTH_URL)
  const apiUrl = origin('hcpApiUrl', settings.hcpApiUrl, DEFAULT_HCP_API_URL)
  const customFetch = settings.fetch as unknown as FetchLike | undefined

  // Keyed by the parsed credential object: an edited credential is a new object, so it starts afresh.
  let vaultSessions = new WeakMap<OnPremisesCredential, VaultSession>()
  let hcpSessions = new WeakMap<CloudCredential, HcpSession>()
  const transports = new Set<Transport>()

  function client(transport: Transport, service: string): HttpClient {
    return new HttpClient({
      fetch: transport.fetch,
      retries,
      retryDelay,
      maxRetryDelay: MAX_RETRY_DELAY,
      requestTimeout,
      service,
    })
  }

  function vaultSession(credential: OnPremisesCredential): VaultSession {
    let session = vaultSessions.get(credential)
    if (session === undefined) {
      const transport = createTransport(credential, customFetch)
      if (transport.close !== undefined) transports.add(transport)
      const http = client(transport, 'Vault')
      session = {
        credential,
        http,
        tokens: vaultTokenSource(credential, http),
        mounts: new Map(),
        lookups: new Map(),
      }
      vaultSessions.set(credential, session)
    }
    return session
  }

  function hcpSession(credential: CloudCredential): HcpSession {
    let session = hcpSessions.get(credential)
    if (session === undefined) {
      const transport = createTransport({}, customFetch)
      session = createHcpSession({
        credential,
        auth: client(transport, 'HCP auth'),
        api: client(transport, 'HCP Vault Secrets'),
        authUrl,
        apiUrl,
      })
      hcpSessions.set(credential, session)
    }
    return session
  }

  return {
    specificationVersion: 'v1',
    id: 'hashicorp',
    parseCredential: parseHashicorpCredential,
    parseLocator: parseHashicorpLocator,
    cacheKey: hashicorpCacheKey,
    fromInsomniaConfig: hashicorpFromInsomniaConfig,
    async fetchSecret(locator, credential, { signal }) {
      if (credential.environment === 'cloud' && locator.environment === 'cloud') {
        return readHcpSecret(hcpSession(credential), locator, signal)
      }
      if (credential.environment === 'on-premises' && locator.environment === 'on-premises') {
        return readKvSecret(vaultSession(credential), locator, signal)
      }
      throw new VaultError({
        code: 'INVALID_REFERENCE',
        provider: 'hashicorp',
        message: `Credential "${credential.id}" is for ${credential.environment === 'cloud' ? 'HCP Vault Secrets' : 'a Vault server'}, but the reference was written for the other. Parse the reference again with this credential.`,
      })
    },
    async testCredential(credential, { signal }) {
      if (credential.environment === 'cloud') return testHcpCredential(hcpSession(credential), signal)
      return testVaultCredential(vaultSession(credential), signal)
    },
    async close() {
      const closing = [...transports].map((transport) => transport.close?.())
      transports.clear()
      vaultSessions = new WeakMap()
      hcpSessions = new WeakMap()
      await Promise.all(closing)
    },
  }
}
