import { VaultError } from './vault-error.js'

const MAX_LISTED_KEYS = 20

/** The path a key names: one top-level field, or the tokens of an RFC 6901 pointer (`/a/b`). */
function keyPath(key: string): string[] {
  if (!key.startsWith('/')) return [key]
  return key
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
}

function listKeys(value: unknown): string {
  if (typeof value !== 'object' || value === null) return 'none (not an object)'
  const names = Array.isArray(value) ? value.map((_, index) => String(index)) : Object.keys(value)
  if (names.length === 0) return 'none'
  const shown = names.slice(0, MAX_LISTED_KEYS).map((name) => JSON.stringify(name))
  return names.length > MAX_LISTED_KEYS
    ? `${shown.join(', ')} and ${names.length - MAX_LISTED_KEYS} more`
    : shown.join(', ')
}

/** Parses a secret's text as a JSON object or array, or explains why `#key` cannot apply. */
export function parseJsonSecret(text: string): object {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new VaultError({
      code: 'INVALID_SECRET_FORMAT',
      message:
        'The secret is not a JSON object, so a "#key" cannot pick a field from it. Remove the "#key" part to get the whole value.',
    })
  }
  return parsed
}

/**
 * The field a key names in a parsed JSON secret: strings as they are, other values as JSON text.
 * A missing field is KEY_NOT_FOUND listing the key names that do exist (names only, never values).
 */
export function extractKey(json: object, key: string): string {
  let current: unknown = json
  const path = keyPath(key)
  for (const [depth, token] of path.entries()) {
    const container = current
    const found =
      typeof container === 'object' &&
      container !== null &&
      Object.hasOwn(container, token) &&
      !(Array.isArray(container) && !/^(0|[1-9]\d*)$/.test(token))
    if (!found) {
      const where = depth === 0 ? 'the secret' : `"/${path.slice(0, depth).join('/')}"`
      throw new VaultError({
        code: 'KEY_NOT_FOUND',
        message: `The key "${key}" is not in ${where}. Keys there: ${listKeys(container)}. Fix the part after "#".`,
      })
    }
    current = (container as Record<string, unknown>)[token]
  }
  return typeof current === 'string' ? current : JSON.stringify(current)
}
