import { type ParsedReference, VaultError } from '@external-vault/core'
import { AWS_PROVIDER_ID } from './aws-credential.js'

/** Which secret version to read; neither id nor stage means AWSCURRENT. */
export interface AwsLocator {
  /** A secret name, or a full or partial ARN. */
  readonly secretId: string
  readonly versionId?: string
  readonly versionStage?: string
  /** The region named by an ARN, which then overrides the credential's. */
  readonly region?: string
}

const OPTIONS = ['versionId', 'versionStage'] as const
const OBJECT_FIELDS = ['secret', ...OPTIONS] as const
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html: SecretId 1–2048,
// VersionId 32–64, VersionStage 1–256 characters.
const MAX_SECRET_ID = 2048
const ARN = /^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\d{12}):secret:(.+)$/

function invalid(message: string): VaultError {
  return new VaultError({ code: 'INVALID_REFERENCE', provider: AWS_PROVIDER_ID, message })
}

function checkSecretId(secretId: string): string | undefined {
  if (secretId.length > MAX_SECRET_ID) {
    throw invalid(
      `The secret name or ARN is ${secretId.length} characters long; AWS allows ${MAX_SECRET_ID}. Check the reference.`,
    )
  }
  if (!secretId.startsWith('arn:')) return undefined
  const arn = ARN.exec(secretId)
  if (arn === null) {
    throw invalid(
      `"${secretId}" is not a Secrets Manager secret ARN. Write arn:aws:secretsmanager:<region>:<account id>:secret:<name>, or the secret's name alone.`,
    )
  }
  return arn[2]
}

function checkVersion(name: (typeof OPTIONS)[number], value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') {
    throw invalid(
      `"${name}" must be non-empty text${name === 'versionId' ? ' (a version id such as a UUID)' : ' (a staging label such as AWSPREVIOUS)'}.`,
    )
  }
  if (name === 'versionId' && (value.length < 32 || value.length > 64)) {
    throw invalid(
      `versionId "${value}" is not a Secrets Manager version id (32–64 characters, usually a UUID). Copy it from the secret's versions, or use versionStage.`,
    )
  }
  if (name === 'versionStage' && value.length > 256) {
    throw invalid(
      'versionStage is longer than 256 characters. Use a staging label such as AWSCURRENT or AWSPREVIOUS.',
    )
  }
  return value
}

function unknownName(kind: 'option' | 'field', name: string, known: readonly string[]): VaultError {
  return invalid(
    `An aws reference has no ${kind} "${name}". Use ${known.map((item) => `"${item}"`).join(', ')}${kind === 'option' ? ' (and "encoding")' : ', "key" and "encoding"'}.`,
  )
}

/**
 * `aws://<credential>/<name or ARN>[?versionId=…|versionStage=…]` or
 * `{ provider: 'aws', credential, secret, versionId?, versionStage? }` → the secret and version to read.
 */
export function parseAwsLocator(reference: ParsedReference): AwsLocator {
  let secretId: unknown
  let versionId: unknown
  let versionStage: unknown
  if (reference.locator !== undefined) {
    for (const name of Object.keys(reference.options)) {
      if (!(OPTIONS as readonly string[]).includes(name)) throw unknownName('option', name, OPTIONS)
    }
    secretId = reference.locator
    versionId = reference.options.versionId
    versionStage = reference.options.versionStage
  } else {
    const fields = reference.fields ?? {}
    for (const name of Object.keys(fields)) {
      if (!(OBJECT_FIELDS as readonly string[]).includes(name))
        throw unknownName('field', name, OBJECT_FIELDS)
    }
    secretId = fields.secret
    versionId = fields.versionId
    versionStage = fields.versionStage
  }
  if (typeof secretId !== 'string' || secretId === '') {
    throw invalid('The aws reference names no secret. Give "secret": the secret\'s name or ARN.')
  }
  const region = checkSecretId(secretId)
  const id = checkVersion('versionId', versionId)
  const stage = checkVersion('versionStage', versionStage)
  return {
    secretId,
    ...(id === undefined ? {} : { versionId: id }),
    ...(stage === undefined ? {} : { versionStage: stage }),
    ...(region === undefined ? {} : { region }),
  }
}

/** Canonical: the secret and the version it selects (no version = AWSCURRENT), never the JSON key. */
export function awsCacheKey(locator: AwsLocator): string {
  const stage = locator.versionStage ?? (locator.versionId === undefined ? 'AWSCURRENT' : '')
  return JSON.stringify([locator.secretId, locator.versionId ?? '', stage])
}

/** A short description for messages: the secret and the version asked for. */
export function describeLocator(locator: AwsLocator): string {
  const version = [
    locator.versionId === undefined ? undefined : `versionId ${locator.versionId}`,
    locator.versionStage === undefined ? undefined : `versionStage ${locator.versionStage}`,
  ].filter(Boolean)
  return `"${locator.secretId}"${version.length > 0 ? ` (${version.join(', ')})` : ''}`
}
