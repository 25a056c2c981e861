import { createPrivateKey, sign } from 'node:crypto'
import type { ServiceAccountKey } from '../testing/index.js'

/** A self-signed JWT as google-auth-library builds it for a service account key, with overrides for bad cases. */
export function signJwt(
  key: ServiceAccountKey,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): string {
  const now = Math.floor(Date.now() / 1000)
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const head = encode({ alg: 'RS256', typ: 'JWT', kid: key.private_key_id, ...header })
  const body = encode({
    iss: key.client_email,
    sub: key.client_email,
    scope: 'https://www.googleapis.com/auth/cloud-platform',
    iat: now,
    exp: now + 3600,
    ...claims,
  })
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), createPrivateKey(key.private_key))
  return `${head}.${body}.${signature.toString('base64url')}`
}
