import { sanitizeCause, VaultError } from '@external-vault/core'
import type { Agent } from 'undici'
import type { FetchLike } from './http-client.js'

export interface TlsOptions {
  caCert?: string
  tlsSkipVerify?: boolean
}

export interface Transport {
  /** The fetch for the next request. */
  fetch: () => FetchLike
  /** Closes the TLS agent and its kept-alive connections; only a transport with a private CA or tlsSkipVerify has one. */
  close?: () => Promise<void>
}

interface TlsClient {
  fetch: FetchLike
  agent: Agent
}

/**
 * Chooses how requests go out. Default TLS uses the global fetch, looked up per request so that a
 * fetch patched after the provider was made (msw in tests) is honoured. A private CA or tlsSkipVerify
 * needs an undici dispatcher, and fetch and Agent must come from the same undici package: Node's
 * built-in fetch bundles its own undici, whose version need not match the Agent's. undici (~150 ms to
 * load) is imported on the first request of such a credential, never when this package is imported.
 */
export function createTransport(tls: TlsOptions, custom: FetchLike | undefined): Transport {
  if (tls.caCert === undefined && tls.tlsSkipVerify !== true) {
    return { fetch: () => custom ?? (globalThis.fetch as unknown as FetchLike) }
  }
  // One Agent per transport (per credential), made once; a failed load is retried on the next request.
  let client: Promise<TlsClient> | undefined
  const connect = () => {
    client ??= loadTlsClient(tls, custom).catch((error: unknown) => {
      client = undefined
      throw error
    })
    return client
  }
  const tlsFetch: FetchLike = async (url, init) => {
    const { fetch, agent } = await connect()
    return fetch(url, { ...init, dispatcher: agent })
  }
  return {
    fetch: () => tlsFetch,
    async close() {
      const pending = client
      client = undefined
      const made = await pending?.catch(() => undefined)
      await made?.agent.close()
    },
  }
}

async function loadTlsClient(tls: TlsOptions, custom: FetchLike | undefined): Promise<TlsClient> {
  let undici: typeof import('undici')
  try {
    undici = await import('undici')
  } catch (error) {
    throw new VaultError({
      code: 'UNAVAILABLE',
      retryable: false,
      provider: 'hashicorp',
      message:
        'Could not load "undici", which a credential with "caCert" or "tlsSkipVerify" needs. Reinstall the dependencies of @external-vault/hashicorp.',
      cause: sanitizeCause(error),
    })
  }
  const agent = new undici.Agent({
    connect: {
      ...(tls.caCert === undefined ? {} : { ca: tls.caCert }),
      // Never the default; the user set it on this one credential.
      rejectUnauthorized: tls.tlsSkipVerify !== true,
    },
  })
  return { fetch: custom ?? (undici.fetch as unknown as FetchLike), agent }
}
