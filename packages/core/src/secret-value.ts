import type { SecretPayload } from './provider.js'
import type { SecretEncoding } from './reference.js'
import { VaultError } from './vault-error.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** A secret's value as text: strings as they are, bytes as UTF-8 or, when asked, base64. */
export function secretText(payload: SecretPayload, encoding: SecretEncoding): string {
  const { value } = payload
  if (typeof value === 'string') {
    return encoding === 'base64' ? Buffer.from(value, 'utf8').toString('base64') : value
  }
  if (encoding === 'base64')
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')
  try {
    return utf8.decode(value)
  } catch {
    throw new VaultError({
      code: 'INVALID_SECRET_FORMAT',
      message:
        'The secret holds binary data that is not UTF-8 text. Add "?encoding=base64" to the reference to get it base64-encoded.',
    })
  }
}

export function parseEncoding(value: unknown): SecretEncoding {
  if (value === undefined || value === 'utf8') return 'utf8'
  if (value === 'base64') return 'base64'
  throw new VaultError({
    code: 'INVALID_REFERENCE',
    message: `The encoding "${String(value)}" is not supported. Use "utf8" (the default) or "base64".`,
  })
}
