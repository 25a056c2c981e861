import type { SecretManagerServiceClient } from '@google-cloud/secret-manager'
import { abortableAdapter, type TransportAdapter } from './abortable-call.js'
import type { GcpCredential } from './gcp-credential.js'

/** The Google SDK's client constructor options (google-gax ClientOptions), passed through by `clientOptions`. */
export type GcpClientOptions = NonNullable<ConstructorParameters<typeof SecretManagerServiceClient>[0]>

export interface EndpointOptions {
  apiEndpoint: string
  port: number
  protocol: 'http' | 'https'
}

/** `http://127.0.0.1:8085` → the SDK's `apiEndpoint`, `port` and `protocol`. Throws TypeError naming the problem. */
export function parseEndpoint(endpoint: string): EndpointOptions {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new TypeError(`endpoint must be a URL such as "http://127.0.0.1:8085"; got "${endpoint}".`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`endpoint must start with http:// or https://; got "${endpoint}".`)
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '')
    throw new TypeError(
      `endpoint must be an origin (scheme, host and port) with no path, query or user; got "${endpoint}".`,
    )
  const protocol = url.protocol === 'http:' ? 'http' : 'https'
  return {
    apiEndpoint: url.hostname,
    port: url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port),
    protocol,
  }
}

export interface ClientSettings {
  endpoint: EndpointOptions | undefined
  clientOptions: GcpClientOptions | undefined
  /** Per-HTTP-request timeout of the transport, ms. */
  timeout: number
}

/**
 * The options for one SDK client: always the REST transport (`fallback: true`: it works behind proxies
 * and is what an HTTP mock sees), the credential's auth, and the host. Regional secrets are served from
 * `secretmanager.<location>.rep.<universe>`, unless `endpoint` (or clientOptions.apiEndpoint) says otherwise.
 */
export function sdkClientOptions(
  settings: ClientSettings,
  credential: GcpCredential,
  location: string | undefined,
): GcpClientOptions {
  const base: GcpClientOptions = settings.clientOptions ?? {}
  const universe = credential.kind === 'service-account' ? credential.universeDomain : undefined
  const host =
    settings.endpoint ??
    (base.apiEndpoint === undefined && location !== undefined
      ? { apiEndpoint: `secretmanager.${location}.rep.${universe ?? 'googleapis.com'}` }
      : {})
  const auth: GcpClientOptions =
    credential.kind === 'service-account'
      ? {
          // The whole key, so the SDK signs its self-signed JWT with kid = private_key_id.
          credentials: {
            type: 'service_account',
            project_id: credential.projectId,
            client_email: credential.clientEmail,
            private_key: credential.privateKey.reveal(),
            ...(credential.privateKeyId === undefined ? {} : { private_key_id: credential.privateKeyId }),
            ...(universe === undefined ? {} : { universe_domain: universe }),
          },
          projectId: credential.projectId,
          ...(universe === undefined ? {} : { universeDomain: universe }),
        }
      : credential.projectId === undefined
        ? {}
        : { projectId: credential.projectId }
  const authOptions = (base.clientOptions ?? {}) as { transporterOptions?: { adapter?: TransportAdapter } }
  return {
    ...base,
    ...host,
    ...auth,
    fallback: true,
    // Google auth's own client options: its HTTP transport aborts with the call's signal and after a timeout.
    clientOptions: {
      ...authOptions,
      transporterOptions: {
        ...authOptions.transporterOptions,
        adapter: abortableAdapter(settings.timeout, authOptions.transporterOptions?.adapter),
      },
    } as GcpClientOptions['clientOptions'],
  }
}
