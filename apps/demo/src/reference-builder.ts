import { formatReference, type ParsedReference, type Vault } from '@external-vault/core'
import type { PublicCredential } from './credential-service.js'
import { RequestError } from './request-error.js'

/**
 * The Insert secret forms: their fields become a reference tag such as
 * `{{ aws://prod/db/creds?versionStage=AWSPREVIOUS#password }}`, written by core's own formatter.
 */

type Fields = Readonly<Record<string, unknown>>

function invalid(message: string): RequestError {
  return new RequestError(400, 'INVALID_REFERENCE', message)
}

function text(fields: Fields, name: string): string {
  const value = fields[name]
  return typeof value === 'string' ? value.trim() : ''
}

function required(fields: Fields, name: string, label: string): string {
  const value = text(fields, name)
  if (value === '') throw invalid(`Fill in ${label}.`)
  return value
}

/** One path segment of an HCP locator: a "/" in it would shift every later part. */
function segment(fields: Fields, name: string, label: string): string {
  const value = required(fields, name, label)
  if (value.includes('/')) throw invalid(`${label} cannot contain "/".`)
  return value
}

function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, '')
}

function awsReference(fields: Fields): Omit<ParsedReference, 'provider' | 'credential'> {
  const options: Record<string, string> = {}
  const version = text(fields, 'version')
  if (version !== '') options[text(fields, 'versionKind') === 'id' ? 'versionId' : 'versionStage'] = version
  const keyValue = text(fields, 'secretType') === 'kv'
  return {
    locator: required(fields, 'secret', 'the secret name or ARN'),
    options,
    ...(keyValue ? { key: required(fields, 'key', 'the key (or choose Plaintext)') } : {}),
  }
}

function gcpReference(fields: Fields): Omit<ParsedReference, 'provider' | 'credential'> {
  const version = text(fields, 'version')
  return {
    locator: required(fields, 'secret', 'the secret name'),
    options: version === '' ? {} : { version },
  }
}

function hcpReference(fields: Fields): Omit<ParsedReference, 'provider' | 'credential'> {
  const version = text(fields, 'version')
  const parts = [
    segment(fields, 'organization', 'the organization ID'),
    segment(fields, 'project', 'the project ID'),
    segment(fields, 'app', 'the app name'),
    segment(fields, 'secret', 'the secret name'),
  ]
  return { locator: parts.join('/'), options: version === '' ? {} : { version } }
}

function kvReference(fields: Fields): Omit<ParsedReference, 'provider' | 'credential'> {
  const engine = text(fields, 'engine') === 'kv1' ? 'kv1' : 'kv2'
  const mount = trimSlashes(required(fields, 'mount', 'the secret engine mount'))
  const path = trimSlashes(required(fields, 'path', 'the secret path'))
  const version = text(fields, 'version')
  const key = text(fields, 'key')
  if (engine === 'kv1' && version !== '')
    throw invalid('KV v1 keeps no versions: clear Version, or pick KV v2.')
  const options: Record<string, string> = { engine }
  // A nested mount ("team/kv") cannot be told from the path without saying where the mount ends.
  if (mount.includes('/')) options.mount = mount
  if (version !== '') options.version = version
  return { locator: `${mount}/${path}`, options, ...(key === '' ? {} : { key }) }
}

/** Builds the tag for an Insert secret form, and checks it the way a send would (credential, options). */
export function buildReferenceTag(
  vault: Vault,
  body: unknown,
  credentialOf: (id: string) => PublicCredential | undefined,
): { tag: string; reference: string } {
  if (typeof body !== 'object' || body === null) throw invalid('Send the form as a JSON object.')
  const fields = body as Fields
  const credentialId = required(fields, 'credential', 'the credential (add one under Preferences)')
  const credential = credentialOf(credentialId)
  if (credential === undefined) {
    throw new RequestError(404, 'CREDENTIAL_NOT_FOUND', `There is no credential "${credentialId}".`)
  }
  let parts: Omit<ParsedReference, 'provider' | 'credential'>
  if (credential.provider === 'aws') parts = awsReference(fields)
  else if (credential.provider === 'gcp') parts = gcpReference(fields)
  else parts = credential.environment === 'cloud' ? hcpReference(fields) : kvReference(fields)
  const reference = formatReference({ provider: credential.provider, credential: credentialId, ...parts })
  const tag = `{{ ${reference} }}`
  const [found] = vault.findReferences(tag)
  if (found?.error) throw found.error
  return { tag, reference }
}
