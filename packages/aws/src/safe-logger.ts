import { MASK, sanitizeCause } from '@external-vault/core'

/** The SDK's Logger shape (trace is optional there). */
export interface SdkLogger {
  trace?: (...content: unknown[]) => void
  debug: (...content: unknown[]) => void
  info: (...content: unknown[]) => void
  warn: (...content: unknown[]) => void
  error: (...content: unknown[]) => void
}

const MAX_DEPTH = 4

function redact(text: string, secrets: readonly string[]): string {
  let result = text
  for (const value of secrets) if (value.length > 0) result = result.split(value).join(MASK)
  return result
}

function clean(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redact(value, secrets)
  // SDK errors carry the raw response, whose socket holds the signed request and its session token.
  if (value instanceof Error) {
    const copy = sanitizeCause(value)
    copy.message = redact(copy.message, secrets)
    copy.stack = `${copy.name}: ${copy.message}`
    return copy
  }
  if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map((item) => clean(item, secrets, depth + 1))
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, clean(item, secrets, depth + 1)]),
  )
}

/**
 * Wraps a logger given in clientConfig: the SDK logs failed calls with the raw error (response,
 * socket, signed headers), so errors become plain name/message copies and the credential's own
 * secrets are masked wherever they appear in a logged string.
 */
export function safeLogger(logger: SdkLogger, secrets: readonly string[]): SdkLogger {
  const wrap =
    (write: ((...content: unknown[]) => void) | undefined) =>
    (...content: unknown[]) =>
      write?.apply(
        logger,
        content.map((item) => clean(item, secrets, 0)),
      )
  return {
    trace: wrap(logger.trace),
    debug: wrap(logger.debug),
    info: wrap(logger.info),
    warn: wrap(logger.warn),
    error: wrap(logger.error),
  }
}
