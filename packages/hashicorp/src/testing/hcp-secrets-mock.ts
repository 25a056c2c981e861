import { HttpResponse, http, type RequestHandler } from 'msw'
import { FaultQueue, type MockFault, randomToken } from './mock-faults.js'

/*
 * An in-memory HCP Vault Secrets for tests (its token endpoint and its `:open` endpoints), as msw
 * handlers that answer on any origin. Shapes follow:
 * - token: https://developer.hashicorp.com/hcp/docs/vault-secrets/retrieve-hcp-api-token and
 *   https://developer.hashicorp.com/hcp/docs/hcp/api; errors per RFC 6749 §5.2 `{error, error_description}`
 * - secrets: https://developer.hashicorp.com/hcp/api-docs/vault-secrets (2023-11-28: OpenAppSecret,
 *   OpenAppSecretVersion); errors are gRPC status bodies `{code, message, details}`
 */

export const HCP_MOCK_AUDIENCE = 'https://api.hashicorp.cloud'

export type HcpCallKind = 'token' | 'open' | 'other'

/** One request the mock received. Secrets and tokens are not recorded. */
export interface HcpMockCall {
  method: string
  origin: string
  path: string
  kind: HcpCallKind
  /** The service principal that asked for a token, or whose token was sent. */
  clientId: string | undefined
  /** The status answered (0 while the request is being answered). */
  status: number
}

export interface HcpServicePrincipalOptions {
  clientId: string
  clientSecret: string
  /** `expires_in` of the tokens it gets, in seconds. Default 3600. */
  tokenTtl?: number
  /** Organization IDs whose secrets it may open. Default: all. */
  organizations?: string[]
}

export interface HcpSecretLocation {
  organization: string
  project: string
  app: string
  name: string
}

export interface HcpVaultSecretsMock {
  readonly handlers: RequestHandler[]
  readonly calls: readonly HcpMockCall[]
  addServicePrincipal(options: HcpServicePrincipalOptions): void
  /** Adds a version to a static secret (creating the app and secret as needed); returns its version. */
  setSecret(location: HcpSecretLocation, value: string): number
  /** Makes every token issued so far invalid, as if it had expired. */
  expireTokens(): void
  failNext(fault: MockFault<HcpMockCall>): void
  clearCalls(): void
  reset(): void
}

interface Principal extends Required<Omit<HcpServicePrincipalOptions, 'organizations'>> {
  organizations: string[] | undefined
}

interface IssuedToken {
  clientId: string
  expiresAt: number
}

interface StaticVersion {
  version: number
  value: string
  created_at: string
}

// https://grpc.github.io/grpc/core/md_doc_statuscodes.html, as grpc-gateway maps HTTP statuses.
const GRPC_CODES: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 6,
  429: 8,
  500: 13,
  501: 12,
  503: 14,
  504: 4,
}

function grpcError(status: number, message: string): Response {
  return HttpResponse.json({ code: GRPC_CODES[status] ?? 2, message, details: [] }, { status })
}

function oauthError(status: number, error: string, description: string): Response {
  return HttpResponse.json({ error, error_description: description }, { status })
}

const OPEN_PATH =
  /\/secrets\/2023-11-28\/organizations\/([^/]+)\/projects\/([^/]+)\/apps\/([^/]+)\/secrets\/([^/]+?)(?:\/versions\/([^/]+))?:open$/

export function createHcpVaultSecretsMock(): HcpVaultSecretsMock {
  const principals = new Map<string, Principal>()
  const issued = new Map<string, IssuedToken>()
  const secrets = new Map<string, StaticVersion[]>() // org \0 project \0 app \0 name
  const apps = new Set<string>() // org \0 project \0 app
  const calls: HcpMockCall[] = []
  const faults = new FaultQueue<HcpMockCall>()

  function record(request: Request, kind: HcpCallKind, clientId: string | undefined): HcpMockCall {
    const url = new URL(request.url)
    const call: HcpMockCall = {
      method: request.method,
      origin: url.origin,
      path: url.pathname,
      kind,
      clientId,
      status: 0,
    }
    calls.push(call)
    return call
  }

  async function finish(
    call: HcpMockCall,
    errorBody: (status: number) => unknown,
    normal: () => Promise<Response> | Response,
  ) {
    const response = (await faults.apply(call, errorBody)) ?? (await normal())
    call.status = response.status
    return response
  }

  /** Client credentials, from the form body or HTTP Basic (RFC 6749 §2.3.1 allows both). */
  function clientOf(request: Request, form: URLSearchParams): { id: string | null; secret: string | null } {
    const basic = request.headers.get('authorization')?.match(/^Basic\s+(.+)$/i)?.[1]
    if (basic !== undefined) {
      const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':')
      return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') }
    }
    return { id: form.get('client_id'), secret: form.get('client_secret') }
  }

  async function token(request: Request, form: URLSearchParams): Promise<Response> {
    if (!request.headers.get('content-type')?.includes('application/x-www-form-urlencoded')) {
      return oauthError(
        400,
        'invalid_request',
        'The request must be sent as application/x-www-form-urlencoded.',
      )
    }
    const grant = form.get('grant_type')
    if (grant === null) {
      return oauthError(400, 'invalid_request', 'The request is missing a required parameter: grant_type.')
    }
    if (grant !== 'client_credentials') {
      return oauthError(
        400,
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
      )
    }
    const client = clientOf(request, form)
    const principal = client.id === null ? undefined : principals.get(client.id)
    if (principal === undefined || principal.clientSecret !== client.secret) {
      return oauthError(
        401,
        'invalid_client',
        'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).',
      )
    }
    const audience = form.get('audience')
    if (audience !== HCP_MOCK_AUDIENCE) {
      return oauthError(
        400,
        'invalid_request',
        `Requested audience "${audience ?? ''}" has not been whitelisted by the OAuth 2.0 Client.`,
      )
    }
    const accessToken = randomToken('hcp.')
    issued.set(accessToken, {
      clientId: principal.clientId,
      expiresAt: Date.now() + principal.tokenTtl * 1000,
    })
    return HttpResponse.json({
      access_token: accessToken,
      expires_in: principal.tokenTtl,
      token_type: 'Bearer',
    })
  }

  function bearer(request: Request): IssuedToken | undefined {
    const value = request.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]
    const found = value === undefined ? undefined : issued.get(value)
    return found !== undefined && Date.now() < found.expiresAt ? found : undefined
  }

  function open(request: Request, match: RegExpMatchArray): Response {
    const caller = bearer(request)
    if (caller === undefined) return grpcError(401, 'Unauthorized')
    const [organization, project, app, name, version] = match
      .slice(1)
      .map((part) => (part === undefined ? undefined : decodeURIComponent(part)))
    const principal = principals.get(caller.clientId)
    if (principal?.organizations !== undefined && !principal.organizations.includes(organization as string)) {
      return grpcError(403, 'permission denied')
    }
    if (!apps.has(`${organization}\u0000${project}\u0000${app}`)) return grpcError(404, 'app not found')
    const versions = secrets.get(`${organization}\u0000${project}\u0000${app}\u0000${name}`)
    if (versions === undefined || versions.length === 0) return grpcError(404, 'secret not found')
    const createdBy = { name: 'mock-principal', type: 'TYPE_SERVICE_PRINCIPAL', email: '' }
    if (version === undefined) {
      const latest = versions[versions.length - 1] as StaticVersion
      return HttpResponse.json({
        secret: {
          name,
          type: 'kv',
          latest_version: latest.version,
          created_at: versions[0]?.created_at,
          created_by: createdBy,
          sync_status: {},
          static_version: { ...latest, created_by: createdBy },
          version_count: versions.length,
        },
      })
    }
    const found = versions.find((entry) => String(entry.version) === version)
    if (found === undefined) return grpcError(404, 'secret version not found')
    return HttpResponse.json({ type: 'kv', static_version: { ...found, created_by: createdBy } })
  }

  const tokenHandler = http.post(/\/oauth2\/token$/, async ({ request }) => {
    const text = await request.clone().text()
    const form = new URLSearchParams(text)
    const call = record(request, 'token', form.get('client_id') ?? undefined)
    return finish(
      call,
      (status) =>
        status >= 500 || status === 429
          ? {
              error: 'server_error',
              error_description: 'The authorization server encountered an unexpected condition.',
            }
          : { error: 'invalid_request', error_description: 'The request is invalid.' },
      () => token(request, form),
    )
  })

  const apiHandler = http.all(/\/secrets\/2023-11-28\//, async ({ request }) => {
    const url = new URL(request.url)
    const match = request.method === 'GET' ? url.pathname.match(OPEN_PATH) : null
    const call = record(request, match ? 'open' : 'other', bearer(request)?.clientId)
    return finish(
      call,
      (status) => ({ code: GRPC_CODES[status] ?? 2, message: `mock fault ${status}`, details: [] }),
      () => (match ? open(request, match) : grpcError(404, 'Not Found')),
    )
  })

  return {
    handlers: [tokenHandler, apiHandler],
    calls,
    addServicePrincipal(options) {
      principals.set(options.clientId, {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        tokenTtl: options.tokenTtl ?? 3600,
        organizations: options.organizations,
      })
    },
    setSecret(location, value) {
      apps.add(`${location.organization}\u0000${location.project}\u0000${location.app}`)
      const key = `${location.organization}\u0000${location.project}\u0000${location.app}\u0000${location.name}`
      const versions = secrets.get(key) ?? []
      versions.push({ version: versions.length + 1, value, created_at: new Date().toISOString() })
      secrets.set(key, versions)
      return versions.length
    },
    expireTokens() {
      issued.clear()
    },
    failNext(fault) {
      faults.add(fault)
    },
    clearCalls() {
      calls.length = 0
    },
    reset() {
      principals.clear()
      issued.clear()
      secrets.clear()
      apps.clear()
      calls.length = 0
      faults.clear()
    },
  }
}
