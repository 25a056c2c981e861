import {
  type CloudCredentialInput,
  type CredentialBase,
  type Secret,
  secret,
  VaultError,
} from '@external-vault/core'

/** A Vault server reached with a token given as is. */
export interface TokenAuth {
  readonly method: 'token'
  readonly token: Secret
}

/** A Vault server reached by logging in with AppRole at `auth/<mount>/login`. */
export interface AppRoleAuth {
  readonly method: 'app-role'
  readonly roleId: Secret
  readonly secretId: Secret
  /** The AppRole auth mount, without slashes; `approle` unless the method was enabled elsewhere. */
  readonly mount: string
}

/** A self-hosted Vault server, or HCP Vault Dedicated (namespace `admin`). */
export interface OnPremisesCredential extends CredentialBase {
  readonly provider: 'hashicorp'
  readonly environment: 'on-premises'
  /** `https://vault.example.com:8200`, without a trailing slash. */
  readonly address: string
  readonly namespace?: string
  readonly auth: TokenAuth | AppRoleAuth
  /** PEM text of a private CA that signed the server's certificate. */
  readonly caCert?: string
  readonly tlsSkipVerify: boolean
}

/** HCP Vault Secrets, through a service principal's client credentials. */
export interface CloudCredential extends CredentialBase {
  readonly provider: 'hashicorp'
  readonly environment: 'cloud'
  readonly clientId: string
  readonly clientSecret: Secret
}

export type HashicorpCredential = OnPremisesCredential | CloudCredential

function invalid(id: string, message: string): VaultError {
  return new VaultError({
    code: 'INVALID_CREDENTIAL',
    provider: 'hashicorp',
    message: `Credential "${id}": ${message}`,
  })
}

/** A required non-empty string field; the message names the field, never its value. */
function requiredString(id: string, record: Record<string, unknown>, field: string, where = ''): string {
  const value = record[field]
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(
      id,
      `"${where}${field}" is missing or empty. Fill it in under Cloud Credentials → HashiCorp.`,
    )
  }
  return value.trim()
}

function optionalString(
  id: string,
  record: Record<string, unknown>,
  field: string,
  where = '',
): string | undefined {
  const value = record[field]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') throw invalid(id, `"${where}${field}" must be a string.`)
  return value.trim() === '' ? undefined : value.trim()
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '')
}

function parseAddress(id: string, raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw invalid(id, '"address" is not a URL. Write it as https://vault.example.com:8200.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(id, '"address" must start with https:// (or http:// for a local dev server).')
  }
  if (url.username !== '' || url.password !== '') {
    throw invalid(id, '"address" must not hold a user name or password. Put the token in "auth" instead.')
  }
  if (url.search !== '' || url.hash !== '') {
    throw invalid(
      id,
      '"address" must not have a "?query" or "#fragment". Keep only the scheme, host, port and path.',
    )
  }
  // A trailing slash (or several) is fine: every request path is appended after one "/".
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

function parseAuth(id: string, input: unknown): TokenAuth | AppRoleAuth {
  if (typeof input !== 'object' || input === null) {
    throw invalid(
      id,
      '"auth" is missing. Use { method: "token", token } or { method: "app-role", roleId, secretId }.',
    )
  }
  const auth = input as Record<string, unknown>
  if (auth.method === 'token') {
    return Object.freeze({ method: 'token', token: secret(requiredString(id, auth, 'token', 'auth.')) })
  }
  if (auth.method === 'app-role') {
    const mount = trimSlashes(optionalString(id, auth, 'mount', 'auth.') ?? 'approle')
    if (mount === '') throw invalid(id, '"auth.mount" must name the AppRole mount, such as "approle".')
    return Object.freeze({
      method: 'app-role',
      roleId: secret(requiredString(id, auth, 'roleId', 'auth.')),
      secretId: secret(requiredString(id, auth, 'secretId', 'auth.')),
      mount,
    })
  }
  throw invalid(id, '"auth.method" must be "token" or "app-role".')
}

function parseOnPremises(input: CloudCredentialInput): OnPremisesCredential {
  const { id } = input
  for (const misplaced of ['token', 'roleId', 'secretId']) {
    if (misplaced in input) {
      throw invalid(
        id,
        `"${misplaced}" belongs inside "auth", e.g. auth: { method: "token", token } or { method: "app-role", roleId, secretId }.`,
      )
    }
  }
  const address = parseAddress(id, requiredString(id, input, 'address'))
  const namespace = optionalString(id, input, 'namespace')
  const caCert = optionalString(id, input, 'caCert')
  if (caCert !== undefined && !caCert.includes('-----BEGIN CERTIFICATE-----')) {
    throw invalid(
      id,
      '"caCert" must be the PEM text of the CA certificate (starting "-----BEGIN CERTIFICATE-----"), not a file path.',
    )
  }
  if (caCert !== undefined && address.startsWith('http:')) {
    throw invalid(id, '"caCert" only applies to an https:// address. Change the address or remove caCert.')
  }
  const tlsSkipVerify = input.tlsSkipVerify ?? false
  if (typeof tlsSkipVerify !== 'boolean') throw invalid(id, '"tlsSkipVerify" must be true or false.')
  const trimmedNamespace = namespace === undefined ? undefined : trimSlashes(namespace)
  return {
    id,
    ...(input.name === undefined ? {} : { name: input.name }),
    provider: 'hashicorp',
    environment: 'on-premises',
    address,
    ...(trimmedNamespace ? { namespace: trimmedNamespace } : {}),
    auth: parseAuth(id, input.auth),
    ...(caCert === undefined ? {} : { caCert }),
    tlsSkipVerify,
  }
}

function parseCloud(input: CloudCredentialInput): CloudCredential {
  const { id } = input
  return {
    id,
    ...(input.name === undefined ? {} : { name: input.name }),
    provider: 'hashicorp',
    environment: 'cloud',
    clientId: requiredString(id, input, 'clientId'),
    clientSecret: secret(requiredString(id, input, 'clientSecret')),
  }
}

/** Validates a HashiCorp credential; secret fields come back as `Secret`s, safe to print. */
export function parseHashicorpCredential(input: CloudCredentialInput): HashicorpCredential {
  if (input.environment === 'on-premises') return parseOnPremises(input)
  if (input.environment === 'cloud') return parseCloud(input)
  throw invalid(
    input.id,
    '"environment" must be "on-premises" (a Vault server, or HCP Vault Dedicated) or "cloud" (HCP Vault Secrets).',
  )
}
