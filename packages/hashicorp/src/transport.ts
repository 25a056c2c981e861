import { Agent, fetch as undiciFetch } from 'undici'
import type { FetchLike } from './http-client.js'

export interface TlsOptions {
  caCert?: string
  tlsSkipVerify?: boolean
}

export interface Transport {
  fetch: () => FetchLike
  /** undici Agent carrying the private CA (or the skip-verify switch); undefined for default TLS. */
  dispatcher?: Agent
}

/**
 * Chooses how requests go out. Default TLS uses the global fetch, looked up per request so that a
 * fetch patched after the provider was made (msw in tests) is honoured. A private CA or tlsSkipVerify
 * needs a dispatcher, and fetch and Agent must come from the same undici package: Node's built-in
 * fetch bundles its own undici, whose version need not match the Agent's.
 */
export function createTransport(tls: TlsOptions, custom: FetchLike | undefined): Transport {
  if (tls.caCert === undefined && tls.tlsSkipVerify !== true) {
    return { fetch: () => custom ?? (globalThis.fetch as unknown as FetchLike) }
  }
  const dispatcher = new Agent({
    connect: {
      ...(tls.caCert === undefined ? {} : { ca: tls.caCert }),
      // Never the default; the user set it on this one credential.
      rejectUnauthorized: tls.tlsSkipVerify !== true,
    },
  })
  return { fetch: () => custom ?? (undiciFetch as unknown as FetchLike), dispatcher }
}
