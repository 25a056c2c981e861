import { type SecretPayload, secret, VaultError } from '@external-vault/core'
import { CachedToken, type IssuedToken, refreshTime, sendAuthorised } from './cached-token.js'
import type { CloudCredential } from './credential.js'
import { responseError, unexpectedBody } from './error-mapping.js'
import type { HttpClient, HttpResponse } from './http-client.js'
import { type CloudLocator, describeLocator } from './locator.js'

/** The audience HCP's token endpoint issues API tokens for. */
const HCP_AUDIENCE = 'https://api.hashicorp.cloud'
const API_VERSION = '2023-11-28'

export interface HcpSession {
  readonly credential: CloudCredential
  readonly auth: HttpClient
  readonly api: HttpClient
  readonly authUrl: string
  readonly apiUrl: string
  readonly tokens: CachedToken
}

function secretsOf(credential: CloudCredential): string[] {
  return [credential.clientSecret.reveal()]
}

/**
 * Client-credentials grant: `POST <auth>/oauth2/token` (form: client_id, client_secret, grant_type,
 * audience) → `{access_token, expires_in, token_type}`; errors are RFC 6749 `{error, error_description}`.
 * From https://developer.hashicorp.com/hcp/docs/vault-secrets/retrieve-hcp-api-token and
 * https://developer.hashicorp.com/hcp/docs/hcp/api.
 */
async function issueToken(session: Omit<HcpSession, 'tokens'>): Promise<IssuedToken> {
  const { credential } = session
  const issuedAt = Date.now()
  const response = await session.auth.send(
    {
      method: 'POST',
      url: `${session.authUrl}/oauth2/token`,
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: credential.clientId,
        client_secret: credential.clientSecret.reveal(),
        grant_type: 'client_credentials',
        audience: HCP_AUDIENCE,
      }).toString(),
    },
    new AbortController().signal,
  )
  if (response.status !== 200) {
    throw responseError(response, {
      service: 'HCP auth',
      action: `to the token request for service principal "${credential.clientId}"`,
      secrets: secretsOf(credential),
      codes: { 400: 'AUTHENTICATION_FAILED', 403: 'AUTHENTICATION_FAILED' },
      advice: {
        unauthenticated:
          'Check clientId and clientSecret of the service principal key (HCP → Access control → Service principals).',
      },
    })
  }
  const body = response.json as { access_token?: unknown; expires_in?: unknown } | undefined
  if (typeof body?.access_token !== 'string' || body.access_token === '') {
    throw unexpectedBody('HCP auth', 'the token request')
  }
  const lease = typeof body.expires_in === 'number' ? body.expires_in : 0
  return { value: secret(body.access_token), refreshAt: refreshTime(issuedAt, lease) }
}

export function createHcpSession(parts: Omit<HcpSession, 'tokens'>): HcpSession {
  return { ...parts, tokens: new CachedToken(() => issueToken(parts)) }
}

interface StaticVersion {
  version?: unknown
  value?: unknown
  created_at?: unknown
}

/**
 * Latest: `…/secrets/<name>:open` → `{secret: {name, type, latest_version, static_version: {version, value, created_at}}}`;
 * a version: `…/secrets/<name>/versions/<v>:open` → `{type, static_version: {…}}`.
 * From https://developer.hashicorp.com/hcp/api-docs/vault-secrets (OpenAppSecret, OpenAppSecretVersion).
 */
function payloadFrom(response: HttpResponse, locator: CloudLocator): SecretPayload {
  const body = response.json as
    | {
        secret?: { type?: unknown; static_version?: StaticVersion }
        type?: unknown
        static_version?: StaticVersion
      }
    | undefined
  const holder = locator.version === undefined ? body?.secret : body
  const version = holder?.static_version
  if (
    version === undefined &&
    holder !== undefined &&
    typeof holder.type === 'string' &&
    holder.type !== 'kv'
  ) {
    throw new VaultError({
      code: 'INVALID_SECRET_FORMAT',
      provider: 'hashicorp',
      message: `The ${describeLocator(locator)} is a ${holder.type} secret; only static secrets can be read. Reference a static secret.`,
    })
  }
  if (typeof version?.value !== 'string')
    throw unexpectedBody('HCP Vault Secrets', `the read of the ${describeLocator(locator)}`)
  const created = typeof version.created_at === 'string' ? new Date(version.created_at) : undefined
  const number = version.version
  return {
    value: version.value,
    ...(typeof number === 'number' || typeof number === 'string' ? { version: String(number) } : {}),
    ...(created !== undefined && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
  }
}

/** Opens a static secret of an HCP Vault Secrets app; a 401 gets one fresh token and one retry. */
export async function readHcpSecret(
  session: HcpSession,
  locator: CloudLocator,
  signal: AbortSignal,
): Promise<SecretPayload> {
  const segment = (value: string) => encodeURIComponent(value)
  const base = `${session.apiUrl}/secrets/${API_VERSION}/organizations/${segment(locator.organization)}/projects/${segment(locator.project)}/apps/${segment(locator.app)}/secrets/${segment(locator.secret)}`
  const url = locator.version === undefined ? `${base}:open` : `${base}/versions/${locator.version}:open`
  const response = await sendAuthorised(
    session.tokens,
    401,
    (token) =>
      session.api.send(
        {
          method: 'GET',
          url,
          headers: { accept: 'application/json', authorization: `Bearer ${token.value.reveal()}` },
        },
        signal,
      ),
    signal,
  )
  if (response.status === 200) return payloadFrom(response, locator)
  throw responseError(response, {
    service: 'HCP Vault Secrets',
    action: `to the read of the ${describeLocator(locator)}`,
    secrets: secretsOf(session.credential),
    advice: {
      notFound: 'Check the organization and project IDs, the app name and the secret name (and version).',
      forbidden:
        'Give the service principal a role on the project that may read secrets (viewer or higher, or Vault Secrets App Secret Reader).',
      unauthenticated:
        'HCP rejected a fresh token for the service principal. Check its key under HCP → Access control.',
    },
  })
}

/** "Test connection" for HCP: a fresh token for the service principal. */
export async function testHcpCredential(session: HcpSession, signal: AbortSignal): Promise<void> {
  await session.tokens.refresh(signal)
}
