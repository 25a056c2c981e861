import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Signature Version 4 as AWS checks it, written from the official description rather than reusing the SDK's
 * signer, so a request the SDK signs wrongly cannot pass by sharing its mistake.
 * Shapes from "Create a signed AWS API request":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */

export interface CredentialScope {
  accessKeyId: string
  /** YYYYMMDD */
  date: string
  region: string
  service: string
}

export interface SignedAuthorization {
  scope: CredentialScope
  signedHeaders: string[]
  signature: string
}

export type AuthorizationParse = { ok: true; value: SignedAuthorization } | { ok: false; message: string }

const ALGORITHM = 'AWS4-HMAC-SHA256'

/** Reads `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=a;b, Signature=<hex>`. */
export function parseAuthorization(header: string): AuthorizationParse {
  const trimmed = header.trim()
  if (!trimmed.startsWith(`${ALGORITHM} `)) {
    return { ok: false, message: `Unsupported Authorization Type; only ${ALGORITHM} is accepted.` }
  }
  const fields = new Map<string, string>()
  for (const part of trimmed.slice(ALGORITHM.length + 1).split(',')) {
    const equals = part.indexOf('=')
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim())
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !fields.get(name))
  if (missing.length > 0) {
    return {
      ok: false,
      message: missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' '),
    }
  }
  const credential = (fields.get('Credential') as string).split('/')
  if (credential.length !== 5 || credential[4] !== 'aws4_request' || credential.some((part) => part === '')) {
    return {
      ok: false,
      message: `Credential should be scoped to a valid region, service and date: <key>/<YYYYMMDD>/<region>/<service>/aws4_request.`,
    }
  }
  const [accessKeyId, date, region, service] = credential as [string, string, string, string]
  return {
    ok: true,
    value: {
      scope: { accessKeyId, date, region, service },
      signedHeaders: (fields.get('SignedHeaders') as string).split(';'),
      signature: fields.get('Signature') as string,
    },
  }
}

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters as %XX (upper case). */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

export interface SignatureInput {
  method: string
  url: URL
  headers: Headers
  body: Uint8Array
  /** The request's X-Amz-Date, `YYYYMMDDTHHMMSSZ`. */
  amzDate: string
  authorization: SignedAuthorization
  secretAccessKey: string
}

function canonicalPath(pathname: string): string {
  // Services other than S3 encode each (already encoded) path segment once more.
  return pathname
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/')
}

function canonicalQuery(search: URLSearchParams): string {
  return [...search.entries()]
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

function headerValue(headers: Headers, name: string, url: URL): string {
  // An in-process interceptor may not expose Host; it is the URL's authority either way.
  const value = headers.get(name) ?? (name === 'host' ? url.host : '')
  return value.trim().replace(/\s+/g, ' ')
}

/** The signature AWS would compute for this request with this secret access key. */
export function computeSignature(input: SignatureInput): string {
  const { scope, signedHeaders } = input.authorization
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${headerValue(input.headers, name, input.url)}\n`)
    .join('')
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalPath(input.url.pathname || '/'),
    canonicalQuery(input.url.searchParams),
    canonicalHeaders,
    signedHeaders.join(';'),
    sha256Hex(input.body),
  ].join('\n')
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`
  const stringToSign = [ALGORITHM, input.amzDate, credentialScope, sha256Hex(canonicalRequest)].join('\n')
  const dateKey = hmac(`AWS4${input.secretAccessKey}`, scope.date)
  const signingKey = hmac(hmac(hmac(dateKey, scope.region), scope.service), 'aws4_request')
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex')
}

/** Constant-time comparison of the request's signature with the expected one. */
export function signatureMatches(input: SignatureInput): boolean {
  const expected = Buffer.from(computeSignature(input), 'utf8')
  const given = Buffer.from(input.authorization.signature, 'utf8')
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** `20260101T000000Z` → Date, or undefined when malformed. */
export function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text)
  if (match === null) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[]
  const date = new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s))
  return Number.isNaN(date.getTime()) ? undefined : date
}

export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}
