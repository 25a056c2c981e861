import type { ParsedReference } from './provider.js'
import { VaultError } from './vault-error.js'

/** A reference written as an object: `{ provider, credential, secret, key?, …options }`. */
export interface ObjectReference {
  provider: string
  credential: string
  key?: string
  encoding?: SecretEncoding
  [field: string]: unknown
}

export type SecretReference = string | ObjectReference
export type SecretEncoding = 'utf8' | 'base64'

/** Longest reference accepted; a longer one is certainly a mistake and is refused before any work. */
export const MAX_REFERENCE_LENGTH = 8192

const SCHEME = /^[a-z][a-z0-9+.-]*$/
const CREDENTIAL_ID = /^[A-Za-z0-9._-]+$/
// Characters left as they are when formatting; everything else is percent-encoded.
const LOCATOR_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/
const OPTION_SAFE = /[A-Za-z0-9\-._~!$'()*+,;:@/]/
const KEY_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/

function invalid(message: string, reference?: string): VaultError {
  return new VaultError({
    code: 'INVALID_REFERENCE',
    message,
    ...(reference === undefined ? {} : { reference: preview(reference) }),
  })
}

/** References never hold secrets, but a 100 kB one has no place in an error message. */
function preview(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}

function decode(part: string, what: string, reference: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    throw invalid(
      `The ${what} of the reference has a malformed percent-encoding. Write "%" as "%25" and encode other reserved characters as %XX.`,
      reference,
    )
  }
}

/**
 * Parses `<provider>://<credential id>/<locator>[?<options>][#<key>]`.
 * Throws VaultError INVALID_REFERENCE, saying what to fix.
 */
export function parseReference(text: string): ParsedReference {
  if (typeof text !== 'string')
    throw invalid('A reference must be a string such as "aws://prod/db/creds#password".')
  const reference = text.trim()
  if (reference.length === 0)
    throw invalid('The reference is empty. Write one such as "aws://prod/db/creds#password".')
  if (reference.length > MAX_REFERENCE_LENGTH) {
    throw invalid(
      `The reference is longer than ${MAX_REFERENCE_LENGTH} characters. Shorten the secret name or its options.`,
      reference,
    )
  }
  const schemeEnd = reference.indexOf('://')
  if (schemeEnd <= 0) {
    throw invalid(
      'The reference has no "<provider>://" prefix. Start it with aws://, gcp:// or hashicorp://.',
      reference,
    )
  }
  const provider = reference.slice(0, schemeEnd)
  if (!SCHEME.test(provider)) {
    throw invalid(
      `"${preview(provider)}" is not a provider name. Use a lowercase name such as aws, gcp or hashicorp.`,
      reference,
    )
  }
  let rest = reference.slice(schemeEnd + 3)

  let key: string | undefined
  const hash = rest.indexOf('#')
  if (hash >= 0) {
    key = decode(rest.slice(hash + 1), 'key', reference)
    rest = rest.slice(0, hash)
    if (key === '')
      throw invalid(
        'The reference ends in "#" with no key. Name a field after "#", or remove the "#".',
        reference,
      )
  }

  let query: string | undefined
  const question = rest.indexOf('?')
  if (question >= 0) {
    query = rest.slice(question + 1)
    rest = rest.slice(0, question)
  }

  const slash = rest.indexOf('/')
  const rawCredential = slash >= 0 ? rest.slice(0, slash) : rest
  if (rawCredential === '') {
    throw invalid(
      `The reference names no credential. Write ${provider}://<credential id>/<secret>.`,
      reference,
    )
  }
  const credential = decode(rawCredential, 'credential id', reference)
  const locator = slash >= 0 ? decode(rest.slice(slash + 1), 'secret name', reference) : ''
  if (locator === '') {
    throw invalid(
      `The reference names no secret. Write ${provider}://${rawCredential}/<secret name>.`,
      reference,
    )
  }

  const options: Record<string, string> = {}
  if (query !== undefined && query !== '') {
    for (const pair of query.split('&')) {
      if (pair === '') continue
      const equals = pair.indexOf('=')
      if (equals <= 0) {
        throw invalid(
          `The option "${preview(pair)}" has no value. Write options as name=value joined by "&".`,
          reference,
        )
      }
      const name = decode(pair.slice(0, equals), 'option name', reference)
      const value = decode(pair.slice(equals + 1), `option "${name}"`, reference)
      if (Object.hasOwn(options, name)) {
        throw invalid(`The option "${name}" is given twice. Keep one.`, reference)
      }
      // defineProperty, not assignment: an option named "__proto__" must stay an ordinary option.
      Object.defineProperty(options, name, { value, enumerable: true, writable: true, configurable: true })
    }
  }

  return { provider, credential, locator, options, ...(key === undefined ? {} : { key }) }
}

function encodeWith(text: string, safe: RegExp): string {
  let out = ''
  for (const char of text) {
    out += safe.test(char) ? char : encodeURIComponent(char)
  }
  return out
}

function encodeCredentialId(id: string): string {
  return CREDENTIAL_ID.test(id) ? id : encodeWith(id, /[A-Za-z0-9._-]/)
}

/**
 * The canonical text of a URI reference: options sorted by name, reserved characters percent-encoded.
 * `formatReference(parseReference(x))` is stable under another parse and format.
 */
export function formatReference(reference: ParsedReference): string {
  if (reference.locator === undefined) return describeReference(reference)
  let text = `${reference.provider}://${encodeCredentialId(reference.credential)}/${encodeWith(reference.locator, LOCATOR_SAFE)}`
  const names = Object.keys(reference.options).sort()
  if (names.length > 0) {
    text += `?${names
      .map(
        (name) =>
          `${encodeWith(name, OPTION_SAFE)}=${encodeWith(reference.options[name] ?? '', OPTION_SAFE)}`,
      )
      .join('&')}`
  }
  if (reference.key !== undefined) text += `#${encodeWith(reference.key, KEY_SAFE)}`
  return text
}

/** A readable one-line form for messages; object references show their fields. Never holds a secret. */
export function describeReference(reference: ParsedReference): string {
  if (reference.locator !== undefined) return formatReference(reference)
  const fields = Object.entries(reference.fields ?? {})
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ')
  const key = reference.key === undefined ? '' : `#${reference.key}`
  return preview(`${reference.provider}://${encodeCredentialId(reference.credential)}/(${fields})${key}`)
}

/** Turns an object reference into the same shape a URI parses to. */
export function parseObjectReference(input: ObjectReference): ParsedReference {
  if (typeof input !== 'object' || input === null) {
    throw invalid(
      'A reference must be a string or an object with provider, credential and the secret fields.',
    )
  }
  const { provider, credential, key, encoding, ...fields } = input
  if (typeof provider !== 'string' || !SCHEME.test(provider)) {
    throw invalid(
      'The object reference needs "provider": a lowercase name such as "aws", "gcp" or "hashicorp".',
    )
  }
  if (typeof credential !== 'string' || credential === '') {
    throw invalid(
      `The ${provider} reference needs "credential": the id of a credential in Cloud Credentials.`,
    )
  }
  if (key !== undefined && (typeof key !== 'string' || key === '')) {
    throw invalid('"key" must be a non-empty string: a field name, or a JSON pointer starting with "/".')
  }
  const options: Record<string, string> = {}
  if (encoding !== undefined) options.encoding = encoding as string
  return { provider, credential, options, fields, ...(key === undefined ? {} : { key }) }
}

export function isCredentialId(id: unknown): id is string {
  return typeof id === 'string' && CREDENTIAL_ID.test(id)
}
