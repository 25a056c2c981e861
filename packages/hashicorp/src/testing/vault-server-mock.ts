import { HttpResponse, http, type RequestHandler } from 'msw'
import { FaultQueue, type MockFault, randomId, randomToken } from './mock-faults.js'

/*
 * An in-memory HashiCorp Vault server for tests, as msw handlers that answer on any origin.
 * Shapes follow the official API docs:
 * - envelope, errors and status codes: https://developer.hashicorp.com/vault/api-docs (HTTP status codes)
 * - KV v1: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1
 * - KV v2: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2
 * - mount lookup: https://developer.hashicorp.com/vault/api-docs/system/internal-ui-mounts
 * - AppRole login: https://developer.hashicorp.com/vault/api-docs/auth/approle
 * - lookup-self / renew-self: https://developer.hashicorp.com/vault/api-docs/auth/token
 */

export type VaultCallKind =
  | 'kv-read'
  | 'kv-metadata'
  | 'login'
  | 'lookup-self'
  | 'renew-self'
  | 'mounts'
  | 'other'

/** One request the mock received. Tokens are not recorded; `accessor` says which token was used. */
export interface VaultMockCall {
  method: string
  origin: string
  /** The API path after `/v1/`, decoded, relative to the namespace. */
  path: string
  /** The query string without "?". */
  query: string
  namespace: string | undefined
  kind: VaultCallKind
  /** The accessor of the token sent, when the token was known. */
  accessor: string | undefined
  /** Whether a token header was sent at all. */
  hasToken: boolean
  /** The status answered (0 while the request is being answered). */
  status: number
}

export interface VaultTokenOptions {
  /** The token itself; a random `hvs.` token when absent. */
  id?: string
  /** Seconds until it expires; 0 (the default) never expires. */
  ttl?: number
  namespace?: string
  /** Path globs (after /v1/, relative to the namespace) it may use: `*` at the end matches any rest, `+` one segment. Default `['*']`. */
  allow?: string[]
  /** Path globs it may not use; they win over `allow`. */
  deny?: string[]
}

export interface VaultAppRoleOptions {
  roleId: string
  secretId: string
  /** The AppRole auth mount. Default `approle`. */
  mount?: string
  namespace?: string
  /** Lifetime in seconds of each token a login issues; 0 never expires. Default 3600. */
  tokenTtl?: number
  allow?: string[]
  deny?: string[]
}

export interface VaultServerMockOptions {
  /** Answer only requests to this origin (e.g. `http://127.0.0.1:8200`). Default: any origin. */
  origin?: string
}

export interface VaultServerMock {
  readonly handlers: RequestHandler[]
  /** Every request answered, oldest first. */
  readonly calls: readonly VaultMockCall[]
  /** Mounts a KV engine (`vault secrets enable -path=<path> -version=<n> kv`). Nested paths are fine. */
  enableKv(path: string, options?: { version?: 1 | 2; namespace?: string }): void
  /** Writes a secret at `<mount>/<path>` (KV v2 adds a version); returns the version (1 for KV v1). */
  writeSecret(path: string, data: Record<string, unknown>, options?: { namespace?: string }): number
  /** KV v2 soft delete of versions (default: the current one). */
  deleteVersions(path: string, versions?: number[], options?: { namespace?: string }): void
  /** KV v2 permanent destroy of versions. */
  destroyVersions(path: string, versions: number[], options?: { namespace?: string }): void
  /** Creates a token and returns it. */
  createToken(options?: VaultTokenOptions): string
  /** Revokes a token, given itself or its accessor (see `calls[].accessor`). */
  revokeToken(tokenOrAccessor: string): void
  /** Creates an AppRole role (and enables its auth mount) that logs in with this role ID and secret ID. */
  createAppRole(options: VaultAppRoleOptions): void
  /** Injects a fault into the next matching request(s). */
  failNext(fault: MockFault<VaultMockCall>): void
  clearCalls(): void
  /** Forgets everything: mounts, secrets, tokens, roles, calls and faults. */
  reset(): void
}

interface Mount {
  path: string
  version: 1 | 2
  accessor: string
  uuid: string
}

interface KvVersion {
  data: Record<string, unknown>
  created_time: string
  deletion_time: string
  destroyed: boolean
}

interface Token {
  id: string
  accessor: string
  namespace: string
  ttl: number
  issuedAt: number
  expiresAt: number | undefined
  allow: string[]
  deny: string[]
  displayName: string
}

interface AppRole extends Required<Omit<VaultAppRoleOptions, 'namespace'>> {
  namespace: string
}

const PERMISSION_DENIED = '1 error occurred:\n\t* permission denied\n\n'
const INVALID_TOKEN = '2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n'
const V2_WRONG_PATH =
  "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation."

function trim(path: string): string {
  return path.replace(/^\/+|\/+$/g, '')
}

/** Vault's response envelope around `data` (or `auth`). */
function envelope(fields: { data?: unknown; auth?: unknown; warnings?: string[]; lease_duration?: number }) {
  return {
    request_id: randomId(),
    lease_id: '',
    renewable: false,
    lease_duration: fields.lease_duration ?? 0,
    data: fields.data ?? null,
    wrap_info: null,
    warnings: fields.warnings ?? null,
    auth: fields.auth ?? null,
  }
}

function errors(status: number, ...messages: string[]): Response {
  return HttpResponse.json({ errors: messages }, { status })
}

/** Vault's error body for a status, as a fault answers it. */
function defaultErrorBody(status: number): unknown {
  const text: Record<number, string> = {
    400: 'invalid request',
    403: PERMISSION_DENIED,
    429: 'request path: rate limit quota exceeded',
    500: 'internal error',
    502: 'bad gateway',
    503: 'Vault is sealed',
  }
  return { errors: status === 404 ? [] : [text[status] ?? 'error'] }
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((char, index) => {
      if (char === '*' && index === glob.length - 1) return '.*'
      if (char === '+') return '[^/]+'
      return char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('')
  return new RegExp(`^${body}$`)
}

function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => globToRegExp(glob).test(path))
}

/** Whether some allowed glob could reach inside `mount` (what Vault's mount lookup checks). */
function reachesMount(token: Token, mount: string): boolean {
  const prefix = `${mount}/`
  return token.allow.some((glob) => {
    const literal = glob.split(/[*+]/)[0] ?? ''
    return literal.startsWith(prefix) || prefix.startsWith(literal)
  })
}

export function createVaultServerMock(options: VaultServerMockOptions = {}): VaultServerMock {
  const mounts = new Map<string, Map<string, Mount>>() // namespace → mount path → mount
  const secrets = new Map<string, KvVersion[]>() // namespace \0 mount \0 path → versions
  const tokens = new Map<string, Token>()
  const appRoles: AppRole[] = []
  const calls: VaultMockCall[] = []
  const faults = new FaultQueue<VaultMockCall>()

  const nsKey = (namespace: string | undefined) => trim(namespace ?? '')
  const secretKey = (namespace: string, mount: string, path: string) =>
    `${namespace}\u0000${mount}\u0000${path}`

  function mountFor(namespace: string, path: string): Mount | undefined {
    let best: Mount | undefined
    for (const mount of mounts.get(namespace)?.values() ?? []) {
      if (
        (path === mount.path || path.startsWith(`${mount.path}/`)) &&
        mount.path.length > (best?.path.length ?? 0)
      ) {
        best = mount
      }
    }
    return best
  }

  function locate(fullPath: string, namespace?: string): { ns: string; mount: Mount; inner: string } {
    const ns = nsKey(namespace)
    const path = trim(fullPath)
    const mount = mountFor(ns, path)
    if (mount === undefined || path === mount.path)
      throw new Error(`No KV mount holds "${path}" in namespace "${ns}"`)
    return { ns, mount, inner: path.slice(mount.path.length + 1) }
  }

  function versionsAt(fullPath: string, namespace?: string): { mount: Mount; versions: KvVersion[] } {
    const { ns, mount, inner } = locate(fullPath, namespace)
    const versions = secrets.get(secretKey(ns, mount.path, inner))
    if (versions === undefined) throw new Error(`No secret at "${fullPath}"`)
    return { mount, versions }
  }

  function issueToken(options: VaultTokenOptions & { displayName?: string }): Token {
    const now = Date.now()
    const ttl = options.ttl ?? 0
    const token: Token = {
      id: options.id ?? randomToken('hvs.'),
      accessor: randomToken(''),
      namespace: nsKey(options.namespace),
      ttl,
      issuedAt: now,
      expiresAt: ttl > 0 ? now + ttl * 1000 : undefined,
      allow: options.allow ?? ['*'],
      deny: options.deny ?? [],
      displayName: options.displayName ?? 'token',
    }
    tokens.set(token.id, token)
    return token
  }

  /** The token of a request, or the 403 Vault answers: "permission denied" alone when none was sent. */
  function authenticate(request: Request, namespace: string): Token | Response {
    const header =
      request.headers.get('x-vault-token') ?? request.headers.get('authorization')?.replace(/^Bearer\s+/i, '')
    if (!header) return errors(403, 'permission denied')
    const token = tokens.get(header)
    const expired = token?.expiresAt !== undefined && Date.now() >= token.expiresAt
    if (expired && token) tokens.delete(token.id)
    // A token works in its own namespace and the namespaces below it.
    const inScope =
      token !== undefined &&
      (token.namespace === '' || namespace === token.namespace || namespace.startsWith(`${token.namespace}/`))
    if (token === undefined || expired || !inScope) return errors(403, INVALID_TOKEN)
    return token
  }

  function permitted(token: Token, path: string): boolean {
    return !matchesAny(path, token.deny) && matchesAny(path, token.allow)
  }

  function record(
    request: Request,
    url: URL,
    path: string,
    namespace: string,
    kind: VaultCallKind,
  ): VaultMockCall {
    const sent =
      request.headers.get('x-vault-token') ?? request.headers.get('authorization')?.replace(/^Bearer\s+/i, '')
    const call: VaultMockCall = {
      method: request.method,
      origin: url.origin,
      path,
      query: url.search.replace(/^\?/, ''),
      namespace: namespace === '' ? undefined : namespace,
      kind,
      accessor: sent ? tokens.get(sent)?.accessor : undefined,
      hasToken: Boolean(sent),
      status: 0,
    }
    calls.push(call)
    return call
  }

  function kindOf(method: string, path: string, namespace: string): VaultCallKind {
    if (path.startsWith('sys/internal/ui/mounts')) return 'mounts'
    if (path === 'auth/token/lookup-self') return 'lookup-self'
    if (path === 'auth/token/renew-self') return 'renew-self'
    if (method === 'POST' && /^auth\/.+\/login$/.test(path)) return 'login'
    const mount = mountFor(namespace, path)
    if (mount === undefined) return 'other'
    if (mount.version === 2 && path.startsWith(`${mount.path}/metadata/`)) return 'kv-metadata'
    return 'kv-read'
  }

  async function login(request: Request, path: string, namespace: string): Promise<Response> {
    const mountPath = path.slice('auth/'.length, -'/login'.length)
    const roles = appRoles.filter((role) => role.namespace === namespace && role.mount === mountPath)
    if (roles.length === 0) return errors(404, `no handler for route "${path}". route entry not found.`)
    let body: { role_id?: unknown; secret_id?: unknown }
    try {
      body = (await request.json()) as typeof body
    } catch {
      return errors(400, 'failed to parse JSON input: invalid character')
    }
    if (typeof body?.role_id !== 'string' || body.role_id === '') return errors(400, 'missing role_id')
    const role = roles.find(
      (candidate) => candidate.roleId === body.role_id && candidate.secretId === body.secret_id,
    )
    if (role === undefined) return errors(400, 'invalid role or secret ID')
    const token = issueToken({
      ttl: role.tokenTtl,
      namespace,
      allow: role.allow,
      deny: role.deny,
      displayName: mountPath,
    })
    return authResponse(token, {
      metadata: { role_name: 'mock-role' },
      entity_id: randomId(),
      mfa_requirement: null,
    })
  }

  /** The `auth` block Vault answers a login or renewal with. */
  function authResponse(token: Token, extra: Record<string, unknown>): Response {
    return HttpResponse.json(
      envelope({
        auth: {
          client_token: token.id,
          accessor: token.accessor,
          policies: ['default'],
          token_policies: ['default'],
          lease_duration: token.ttl,
          renewable: token.ttl > 0,
          token_type: 'service',
          orphan: true,
          num_uses: 0,
          ...extra,
        },
      }),
    )
  }

  function lookupSelf(token: Token): Response {
    const remaining =
      token.expiresAt === undefined ? 0 : Math.max(0, Math.round((token.expiresAt - Date.now()) / 1000))
    return HttpResponse.json(
      envelope({
        data: {
          accessor: token.accessor,
          creation_time: Math.floor(token.issuedAt / 1000),
          creation_ttl: token.ttl,
          display_name: token.displayName,
          entity_id: '',
          expire_time: token.expiresAt === undefined ? null : new Date(token.expiresAt).toISOString(),
          explicit_max_ttl: 0,
          id: token.id,
          issue_time: new Date(token.issuedAt).toISOString(),
          meta: null,
          num_uses: 0,
          orphan: true,
          path: 'auth/token/create',
          policies: ['default'],
          renewable: token.ttl > 0,
          ttl: remaining,
          type: 'service',
        },
      }),
    )
  }

  function renewSelf(token: Token): Response {
    if (token.ttl > 0) token.expiresAt = Date.now() + token.ttl * 1000
    return authResponse(token, {})
  }

  function mountLookup(token: Token, path: string, namespace: string): Response {
    const target = trim(path.slice('sys/internal/ui/mounts'.length))
    if (matchesAny(path, token.deny)) return errors(403, PERMISSION_DENIED)
    const mount = mountFor(namespace, target)
    if (mount === undefined || !reachesMount(token, mount.path)) {
      return errors(
        403,
        `preflight capability check returned 403, please ensure client's policies grant access to path "${target}/"`,
      )
    }
    return HttpResponse.json(
      envelope({
        data: {
          accessor: mount.accessor,
          config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
          description: 'key/value secret storage',
          external_entropy_access: false,
          local: false,
          options: { version: String(mount.version) },
          path: `${mount.path}/`,
          plugin_version: '',
          running_plugin_version: 'v0.20.0+builtin',
          running_sha256: '',
          seal_wrap: false,
          type: 'kv',
          uuid: mount.uuid,
        },
      }),
    )
  }

  function metadataOf(versions: KvVersion[], version: number) {
    const entry = versions[version - 1] as KvVersion
    return {
      created_time: entry.created_time,
      custom_metadata: null,
      deletion_time: entry.deletion_time,
      destroyed: entry.destroyed,
      version,
    }
  }

  function kvRead(token: Token, url: URL, path: string, namespace: string, mount: Mount): Response {
    if (!permitted(token, path)) return errors(403, PERMISSION_DENIED)
    const rest = path.slice(mount.path.length + 1)
    if (mount.version === 1) {
      const versions = secrets.get(secretKey(namespace, mount.path, rest))
      const latest = versions?.[versions.length - 1]
      if (latest === undefined) return errors(404)
      return HttpResponse.json(envelope({ data: latest.data, lease_duration: 2764800 }))
    }
    const [area, ...innerParts] = rest.split('/')
    const inner = innerParts.join('/')
    if ((area !== 'data' && area !== 'metadata') || inner === '') {
      return HttpResponse.json(envelope({ warnings: [V2_WRONG_PATH] }), { status: 404 })
    }
    const versions = secrets.get(secretKey(namespace, mount.path, inner))
    if (versions === undefined) return errors(404)
    if (area === 'metadata') {
      const last = versions[versions.length - 1] as KvVersion
      return HttpResponse.json(
        envelope({
          data: {
            cas_required: false,
            created_time: versions[0]?.created_time,
            current_version: versions.length,
            custom_metadata: null,
            delete_version_after: '0s',
            max_versions: 0,
            oldest_version: 0,
            updated_time: last.created_time,
            versions: Object.fromEntries(
              versions.map((entry, index) => [
                String(index + 1),
                {
                  created_time: entry.created_time,
                  deletion_time: entry.deletion_time,
                  destroyed: entry.destroyed,
                },
              ]),
            ),
          },
        }),
      )
    }
    const asked = Number(url.searchParams.get('version') ?? '0')
    const version = asked === 0 ? versions.length : asked
    const entry = Number.isInteger(version) ? versions[version - 1] : undefined
    if (entry === undefined) return errors(404)
    if (entry.destroyed || entry.deletion_time !== '') {
      // A deleted or destroyed version: 404 with the metadata filled and no data.
      return HttpResponse.json(envelope({ data: { data: null, metadata: metadataOf(versions, version) } }), {
        status: 404,
      })
    }
    return HttpResponse.json(
      envelope({ data: { data: entry.data, metadata: metadataOf(versions, version) } }),
    )
  }

  async function answer(request: Request, url: URL, path: string, namespace: string): Promise<Response> {
    const kind = kindOf(request.method, path, namespace)
    if (kind === 'login') return login(request, path, namespace)
    const token = authenticate(request, namespace)
    if (token instanceof Response) return token
    if (kind === 'lookup-self' && request.method === 'GET') return lookupSelf(token)
    if (kind === 'renew-self' && (request.method === 'POST' || request.method === 'PUT'))
      return renewSelf(token)
    if (kind === 'mounts' && request.method === 'GET') return mountLookup(token, path, namespace)
    const mount = mountFor(namespace, path)
    if (mount !== undefined && request.method === 'GET' && path !== mount.path) {
      return kvRead(token, url, path, namespace, mount)
    }
    if (mount !== undefined) return errors(405, '1 error occurred:\n\t* unsupported operation\n\n')
    return errors(404, `no handler for route "${path}". route entry not found.`)
  }

  function isVaultRequest(request: Request, url: URL, path: string, namespace: string): boolean {
    if (options.origin !== undefined && url.origin !== new URL(options.origin).origin) return false
    if (!url.pathname.startsWith('/v1/')) return false
    // Other APIs also live under /v1/ (GCP): claim only what looks like Vault.
    return (
      request.headers.has('x-vault-token') ||
      request.headers.has('x-vault-namespace') ||
      path.startsWith('sys/') ||
      path.startsWith('auth/') ||
      mountFor(namespace, path) !== undefined
    )
  }

  const handler = http.all(/.*/, async ({ request }) => {
    const url = new URL(request.url)
    let path: string
    try {
      path = url.pathname.slice('/v1/'.length).split('/').map(decodeURIComponent).join('/')
    } catch {
      return undefined
    }
    const namespace = nsKey(request.headers.get('x-vault-namespace') ?? '')
    if (!isVaultRequest(request, url, path, namespace)) return undefined
    const call = record(request, url, path, namespace, kindOf(request.method, path, namespace))
    const response =
      (await faults.apply(call, defaultErrorBody)) ?? (await answer(request, url, path, namespace))
    call.status = response.status
    return response
  })

  return {
    handlers: [handler],
    calls,
    enableKv(path, { version = 2, namespace } = {}) {
      const ns = nsKey(namespace)
      let byPath = mounts.get(ns)
      if (byPath === undefined) {
        byPath = new Map()
        mounts.set(ns, byPath)
      }
      byPath.set(trim(path), {
        path: trim(path),
        version,
        accessor: `kv_${randomToken('').slice(0, 8)}`,
        uuid: randomId(),
      })
    },
    writeSecret(path, data, { namespace } = {}) {
      const { ns, mount, inner } = locate(path, namespace)
      const key = secretKey(ns, mount.path, inner)
      const entry: KvVersion = {
        data: structuredClone(data),
        created_time: new Date().toISOString(),
        deletion_time: '',
        destroyed: false,
      }
      const versions = mount.version === 1 ? [] : (secrets.get(key) ?? [])
      versions.push(entry)
      secrets.set(key, versions)
      return versions.length
    },
    deleteVersions(path, versions, { namespace } = {}) {
      const found = versionsAt(path, namespace)
      for (const version of versions ?? [found.versions.length]) {
        const entry = found.versions[version - 1]
        if (entry) entry.deletion_time = new Date().toISOString()
      }
    },
    destroyVersions(path, versions, { namespace } = {}) {
      const found = versionsAt(path, namespace)
      for (const version of versions) {
        const entry = found.versions[version - 1]
        if (entry) {
          entry.destroyed = true
          entry.data = {}
        }
      }
    },
    createToken(tokenOptions = {}) {
      return issueToken(tokenOptions).id
    },
    revokeToken(tokenOrAccessor) {
      for (const token of tokens.values()) {
        if (token.id === tokenOrAccessor || token.accessor === tokenOrAccessor) tokens.delete(token.id)
      }
    },
    createAppRole(role) {
      appRoles.push({
        roleId: role.roleId,
        secretId: role.secretId,
        mount: trim(role.mount ?? 'approle'),
        namespace: nsKey(role.namespace),
        tokenTtl: role.tokenTtl ?? 3600,
        allow: role.allow ?? ['*'],
        deny: role.deny ?? [],
      })
    },
    failNext(fault) {
      faults.add(fault)
    },
    clearCalls() {
      calls.length = 0
    },
    reset() {
      mounts.clear()
      secrets.clear()
      tokens.clear()
      appRoles.length = 0
      calls.length = 0
      faults.clear()
    },
  }
}
