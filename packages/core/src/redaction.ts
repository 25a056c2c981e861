import { MASK } from './secret.js'
import type { CacheEntry } from './secret-cache.js'
import { secretText } from './secret-value.js'

/**
 * Strings shorter than this are not redacted on their own: masking every "1" or "on" in a log
 * would make it unreadable while hiding nothing a guess would not give.
 */
export const MIN_REDACTED_LENGTH = 4

function collectLeaves(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value)
  else if (typeof value === 'number') into.add(String(value))
  else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectLeaves(item, into)
  }
}

/** Every form in which a cached secret could end up in a request: whole, base64, and each JSON field. */
export function secretStrings(entry: CacheEntry): string[] {
  let strings = entry.derived.get('redact') as string[] | undefined
  if (strings !== undefined) return strings
  const found = new Set<string>()
  found.add(secretText(entry.payload, 'base64'))
  try {
    const text = secretText(entry.payload, 'utf8')
    found.add(text)
    collectLeaves(JSON.parse(text), found)
  } catch {
    // binary, or not JSON: the whole and base64 forms are all there is
  }
  strings = [...found].filter((item) => item.length >= MIN_REDACTED_LENGTH)
  entry.derived.set('redact', strings)
  return strings
}

/** Replaces every occurrence of each secret with the mask, longest first so a field inside a whole value still goes. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text
  for (const item of [...new Set(secrets)].sort((a, b) => b.length - a.length)) {
    if (out.includes(item)) out = out.split(item).join(MASK)
  }
  return out
}
