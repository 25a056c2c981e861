import {
  type CloudCredentialInput,
  type CredentialBase,
  type Secret,
  secret,
  VaultError,
} from '@external-vault/core'
import { nodeCrypto, nodeFs } from './node-builtins.js'

/** A service account key (IAM → Service accounts → Keys → JSON), read from a file or given inline. */
export interface GcpServiceAccountCredential extends CredentialBase {
  readonly provider: 'gcp'
  readonly kind: 'service-account'
  /** Where the key came from; the path is kept so a UI can show it. */
  readonly keyFile?: string
  readonly projectId: string
  readonly clientEmail: string
  readonly privateKeyId?: string
  readonly privateKey: Secret
  readonly universeDomain?: string
}

/** Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, or the metadata server. */
export interface GcpApplicationDefaultCredential extends CredentialBase {
  readonly provider: 'gcp'
  readonly kind: 'application-default'
  readonly projectId?: string
}

export type GcpCredential = GcpServiceAccountCredential | GcpApplicationDefaultCredential

// A key file is about 2.3 kB; anything much larger is not one, and is not read into memory.
const MAX_KEY_FILE_BYTES = 64 * 1024
const COMMON_FIELDS = new Set(['id', 'name', 'provider'])
const KEY_FIELDS = new Set([...COMMON_FIELDS, 'type', 'serviceAccountKeyFile', 'serviceAccountKey'])
const ADC_FIELDS = new Set([...COMMON_FIELDS, 'type', 'projectId'])
// Google project ids: 6–30 lowercase letters, digits, hyphens; legacy domain-scoped ids hold "." and ":".
const PROJECT_ID = /^[a-z][a-z0-9.:-]{3,61}[a-z0-9]$/

function invalid(id: string, message: string): VaultError {
  return new VaultError({
    code: 'INVALID_CREDENTIAL',
    provider: 'gcp',
    message: `Credential "${id}": ${message}`,
  })
}

function rejectUnknownFields(input: CloudCredentialInput, allowed: ReadonlySet<string>): void {
  const unknown = Object.keys(input).filter((field) => !allowed.has(field))
  if (unknown.length > 0) {
    throw invalid(
      input.id,
      `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((field) => `"${field}"`).join(', ')}. A GCP credential takes serviceAccountKeyFile, serviceAccountKey, or type: 'application-default' with projectId.`,
    )
  }
}

/** Reads the key file now: core parses a credential when it is added and again on update, so edits are picked up. */
function readKeyFile(id: string, path: unknown): string {
  if (typeof path !== 'string' || path.trim() === '')
    throw invalid(id, '"serviceAccountKeyFile" must be the path of a service account key JSON file.')
  try {
    const { readFileSync, statSync } = nodeFs()
    const stats = statSync(path)
    if (!stats.isFile()) throw invalid(id, `the service account key file "${path}" is not a file.`)
    if (stats.size > MAX_KEY_FILE_BYTES)
      throw invalid(id, `"${path}" is ${stats.size} bytes, too large for a service account key file.`)
    return readFileSync(path, 'utf8')
  } catch (error) {
    if (VaultError.isInstance(error)) throw error
    const code = (error as { code?: unknown }).code
    if (code === 'ENOENT')
      throw invalid(
        id,
        `the service account key file "${path}" does not exist. Check serviceAccountKeyFile, or download a new key (IAM → Service accounts → Keys).`,
      )
    throw invalid(
      id,
      `the service account key file "${path}" could not be read (${typeof code === 'string' ? code : 'read error'}). Check its permissions.`,
    )
  }
}

function parseKeyJson(id: string, text: string, where: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    // JSON.parse's own message quotes the input, which may be a private key: say only what is wrong.
    throw invalid(
      id,
      `${where} is not valid JSON. Use the JSON key file exactly as downloaded from IAM → Service accounts → Keys.`,
    )
  }
}

function requireString(id: string, key: Record<string, unknown>, field: string, where: string): string {
  const value = key[field]
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(
      id,
      `${where} has no "${field}". A service account key JSON holds type, project_id, private_key_id, private_key and client_email.`,
    )
  return value
}

function parseServiceAccountKey(
  input: CloudCredentialInput,
  raw: unknown,
  where: string,
  keyFile: string | undefined,
): GcpServiceAccountCredential {
  const { id } = input
  const key = typeof raw === 'string' ? parseKeyJson(id, raw, where) : raw
  if (typeof key !== 'object' || key === null || Array.isArray(key))
    throw invalid(id, `${where} must be a JSON object (a service account key).`)
  const fields = key as Record<string, unknown>
  if (fields.type !== undefined && fields.type !== 'service_account') {
    const hint =
      fields.type === 'authorized_user'
        ? " It is a user (gcloud) credential: use type: 'application-default' instead."
        : ''
    throw invalid(
      id,
      `${where} is of type "${String(fields.type)}", not a service account key ("service_account").${hint}`,
    )
  }
  const clientEmail = requireString(id, fields, 'client_email', where)
  const privateKey = requireString(id, fields, 'private_key', where)
  const projectId = requireString(id, fields, 'project_id', where)
  if (!clientEmail.includes('@'))
    throw invalid(id, `${where} has a "client_email" that is not an email address.`)
  try {
    nodeCrypto().createPrivateKey(privateKey)
  } catch {
    throw invalid(
      id,
      `the "private_key" in ${where} is not a PEM private key. Download a new key from IAM → Service accounts → Keys.`,
    )
  }
  const privateKeyId = fields.private_key_id
  const universeDomain = fields.universe_domain
  return {
    id,
    provider: 'gcp',
    ...(typeof input.name === 'string' ? { name: input.name } : {}),
    kind: 'service-account',
    ...(keyFile === undefined ? {} : { keyFile }),
    projectId,
    clientEmail,
    ...(typeof privateKeyId === 'string' && privateKeyId !== '' ? { privateKeyId } : {}),
    privateKey: secret(privateKey),
    ...(typeof universeDomain === 'string' && universeDomain !== '' ? { universeDomain } : {}),
  }
}

function parseApplicationDefault(input: CloudCredentialInput): GcpApplicationDefaultCredential {
  rejectUnknownFields(input, ADC_FIELDS)
  const { projectId } = input
  if (projectId !== undefined && (typeof projectId !== 'string' || !PROJECT_ID.test(projectId)))
    throw invalid(
      input.id,
      '"projectId" must be a Google Cloud project id such as "my-project-123" (or leave it out to use the ADC project).',
    )
  return {
    id: input.id,
    provider: 'gcp',
    ...(typeof input.name === 'string' ? { name: input.name } : {}),
    kind: 'application-default',
    ...(projectId === undefined ? {} : { projectId }),
  }
}

/**
 * Validates a GCP credential from Preferences → Cloud Credentials. Every problem is INVALID_CREDENTIAL
 * naming the field; the key's content never appears in a message, and the private key is a `Secret`.
 */
export function parseGcpCredential(input: CloudCredentialInput): GcpCredential {
  const { id, type } = input
  if (type === 'application-default') return parseApplicationDefault(input)
  if (type !== undefined && type !== 'service-account')
    throw invalid(id, `"type" must be 'application-default' or 'service-account'; got "${String(type)}".`)
  rejectUnknownFields(input, KEY_FIELDS)
  const { serviceAccountKeyFile: keyFile, serviceAccountKey: inline } = input
  if (keyFile !== undefined && inline !== undefined)
    throw invalid(id, 'give either "serviceAccountKeyFile" or "serviceAccountKey", not both.')
  if (keyFile !== undefined)
    return parseServiceAccountKey(
      input,
      readKeyFile(id, keyFile),
      `the key file "${keyFile}"`,
      keyFile as string,
    )
  if (inline !== undefined) return parseServiceAccountKey(input, inline, '"serviceAccountKey"', undefined)
  throw invalid(
    id,
    "it needs serviceAccountKeyFile (a key file path), serviceAccountKey (the key JSON) or type: 'application-default'.",
  )
}
