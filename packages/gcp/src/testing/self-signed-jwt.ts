import { verify } from 'node:crypto'
import type { PublicServiceAccountKey } from './service-account-keys.js'

export type JwtCheck = { ok: true; principal: string } | { ok: false; reason: string }

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform'
// Google accepts self-signed JWTs valid for at most one hour
// (developers.google.com/identity/protocols/oauth2/service-account, "authorization without OAuth").
const MAX_LIFETIME_SECONDS = 3600
const CLOCK_SKEW_SECONDS = 300

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/**
 * Checks a self-signed service-account JWT the way Google's front end does: RS256 signed by the key
 * named in `kid` (= private_key_id), `iss` = `sub` = client_email, not expired, lived at most an hour,
 * and scoped to cloud-platform (or given an audience). The Node SDK sends exactly this as its Bearer
 * token with a service account key; it never calls the key's token_uri.
 */
export function verifySelfSignedJwt(
  token: string,
  keys: ReadonlyMap<string, PublicServiceAccountKey>,
  nowSeconds: number,
): JwtCheck {
  const parts = token.split('.')
  if (parts.length !== 3) return { ok: false, reason: 'not a JWT' }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  const header = decodeJson(headerPart)
  const payload = decodeJson(payloadPart)
  if (header === undefined || payload === undefined) return { ok: false, reason: 'malformed JWT' }
  if (header.alg !== 'RS256') return { ok: false, reason: `alg ${String(header.alg)} is not RS256` }
  const key = typeof header.kid === 'string' ? keys.get(header.kid) : undefined
  if (key === undefined) return { ok: false, reason: 'unknown kid' }
  const signed = verify(
    'sha256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    key.publicKey,
    Buffer.from(signaturePart, 'base64url'),
  )
  if (!signed) return { ok: false, reason: 'bad signature' }
  if (payload.iss !== key.clientEmail || payload.sub !== key.clientEmail)
    return { ok: false, reason: 'iss/sub is not the key’s client_email' }
  const { exp, iat } = payload
  if (typeof exp !== 'number' || typeof iat !== 'number') return { ok: false, reason: 'no exp/iat' }
  if (exp <= nowSeconds) return { ok: false, reason: 'expired' }
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'issued in the future' }
  if (exp - iat > MAX_LIFETIME_SECONDS) return { ok: false, reason: 'lives longer than an hour' }
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : []
  if (!scopes.includes(CLOUD_PLATFORM) && typeof payload.aud !== 'string')
    return { ok: false, reason: 'neither the cloud-platform scope nor an audience' }
  return { ok: true, principal: key.clientEmail }
}
