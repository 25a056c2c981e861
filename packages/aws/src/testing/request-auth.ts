import { type CredentialScope, parseAmzDate, parseAuthorization, signatureMatches } from './sigv4-verifier.js'

/** An access key the mock knows, as IAM or STS would have issued it. */
export interface MockAccessKey {
  accessKeyId: string
  secretAccessKey: string
  /** Set for temporary keys: requests must carry it in X-Amz-Security-Token. */
  sessionToken?: string
  /** The token has expired: every request answers ExpiredTokenException. */
  expired?: boolean
  /** The identity STS GetCallerIdentity reports; a user in the mock's account by default. */
  arn?: string
}

/** Why a request was not authenticated; each protocol names these failures its own way. */
export type AuthFailureKind =
  | 'missing-token'
  | 'incomplete-signature'
  | 'invalid-signature'
  | 'unrecognized-client'
  | 'expired-token'

export type AuthResult =
  | { ok: true; key: MockAccessKey; scope: CredentialScope }
  | { ok: false; kind: AuthFailureKind; message: string }

export interface AuthExpectation {
  service: string
  validRegion(region: string): boolean
}

// AWS refuses a request signed more than 15 minutes away from its own clock.
const MAX_SKEW_MS = 15 * 60_000
const INVALID_TOKEN = 'The security token included in the request is invalid.'

function fail(kind: AuthFailureKind, message: string): AuthResult {
  return { ok: false, kind, message }
}

/**
 * Checks a request the way AWS's front end does before the service sees it: a SigV4 Authorization
 * header, X-Amz-Date, a credential scope for this service and a valid region, a known access key, its
 * session token when it has one, and finally the signature itself.
 */
export function authenticate(
  request: Request,
  url: URL,
  body: Uint8Array,
  expectation: AuthExpectation,
  keys: ReadonlyMap<string, MockAccessKey>,
): AuthResult {
  const header = request.headers.get('authorization')
  if (header === null) return fail('missing-token', 'Missing Authentication Token')
  const parsed = parseAuthorization(header)
  if (!parsed.ok) return fail('incomplete-signature', parsed.message)
  const authorization = parsed.value
  const { scope } = authorization
  const amzDate = request.headers.get('x-amz-date')
  if (amzDate === null) {
    return fail(
      'incomplete-signature',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    )
  }
  const signedAt = parseAmzDate(amzDate)
  if (signedAt === undefined) {
    return fail(
      'incomplete-signature',
      `X-Amz-Date '${amzDate}' must be in the ISO-8601 basic format YYYYMMDD'T'HHMMSS'Z'.`,
    )
  }
  if (!authorization.signedHeaders.includes('host')) {
    return fail(
      'incomplete-signature',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    )
  }
  if (scope.date !== amzDate.slice(0, 8)) {
    return fail(
      'invalid-signature',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    )
  }
  if (scope.service !== expectation.service) {
    return fail(
      'invalid-signature',
      `Credential should be scoped to correct service: '${expectation.service}'.`,
    )
  }
  if (!expectation.validRegion(scope.region)) {
    return fail('invalid-signature', `Credential should be scoped to a valid region, not '${scope.region}'.`)
  }
  const skew = signedAt.getTime() - Date.now()
  if (Math.abs(skew) > MAX_SKEW_MS) {
    return fail(
      'invalid-signature',
      skew < 0
        ? `Signature expired: ${amzDate} is now earlier than the server time minus 15 min.`
        : `Signature not yet current: ${amzDate} is still later than the server time plus 15 min.`,
    )
  }
  const key = keys.get(scope.accessKeyId)
  if (key === undefined) return fail('unrecognized-client', INVALID_TOKEN)
  const token = request.headers.get('x-amz-security-token')
  if ((key.sessionToken ?? null) !== token) return fail('unrecognized-client', INVALID_TOKEN)
  if (key.expired) return fail('expired-token', 'The security token included in the request is expired')
  const matches = signatureMatches({
    method: request.method,
    url,
    headers: request.headers,
    body,
    amzDate,
    authorization,
    secretAccessKey: key.secretAccessKey,
  })
  if (!matches) {
    return fail(
      'invalid-signature',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    )
  }
  return { ok: true, key, scope }
}
