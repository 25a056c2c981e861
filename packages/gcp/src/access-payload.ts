import { type SecretPayload, VaultError } from '@external-vault/core'
import { crc32c } from './crc32c.js'

/** The part of an AccessSecretVersionResponse read here, as the SDK decodes it (bytes; int64 as string). */
export interface AccessResponse {
  name?: string | null
  payload?: {
    data?: Uint8Array | string | null
    dataCrc32c?: string | number | { toString(): string } | null
  } | null
}

function integrityError(name: string, problem: string): VaultError {
  return new VaultError({
    code: 'INTEGRITY_ERROR',
    provider: 'gcp',
    message: `The payload of ${name} ${problem}: it was corrupted on the way. Try again; if it persists, add a new version of the secret.`,
  })
}

/**
 * The payload's bytes and version, checked against `dataCrc32c` when the service sends it: a CRC32C
 * (Castagnoli) of the data, an int64 written as a decimal string. A mismatch is INTEGRITY_ERROR.
 */
export function payloadOf(response: AccessResponse, name: string): SecretPayload {
  const data = response.payload?.data
  const bytes =
    typeof data === 'string'
      ? Buffer.from(data, 'base64')
      : data instanceof Uint8Array
        ? data
        : new Uint8Array()
  const expected = response.payload?.dataCrc32c
  if (expected !== undefined && expected !== null) {
    const text = String(expected)
    if (!/^\d{1,20}$/.test(text)) throw integrityError(name, 'came with an unreadable CRC32C checksum')
    if (BigInt(text) !== BigInt(crc32c(bytes)))
      throw integrityError(name, 'does not match its CRC32C checksum')
  }
  const version = response.name?.split('/versions/')[1]
  return { value: new Uint8Array(bytes), ...(version ? { version } : {}) }
}
