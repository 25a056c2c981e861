/** Every way a secret lookup can fail; a UI can switch on these. */
export const VAULT_ERROR_CODES = [
  'INVALID_REFERENCE',
  'UNKNOWN_PROVIDER',
  'CREDENTIAL_NOT_FOUND',
  'INVALID_CREDENTIAL',
  'AUTHENTICATION_FAILED',
  'ACCESS_DENIED',
  'SECRET_NOT_FOUND',
  'KEY_NOT_FOUND',
  'INVALID_SECRET_FORMAT',
  'THROTTLED',
  'UNAVAILABLE',
  'TIMEOUT',
  'INTEGRITY_ERROR',
] as const

export type VaultErrorCode = (typeof VAULT_ERROR_CODES)[number]

const RETRYABLE_CODES: ReadonlySet<VaultErrorCode> = new Set(['THROTTLED', 'UNAVAILABLE', 'TIMEOUT'])

// Symbol.for so that two copies of core (a dependency installed twice) still recognise each other's errors.
const MARKER = Symbol.for('external-vault.VaultError')

export interface VaultErrorOptions {
  code: VaultErrorCode
  /** What went wrong and what to do next. Never a secret value, token or credential field. */
  message: string
  provider?: string
  /** The reference as the user wrote it, or its canonical form. References never hold secrets. */
  reference?: string
  retryable?: boolean
  cause?: unknown
}

export class VaultError extends Error {
  override readonly name = 'VaultError'
  readonly code: VaultErrorCode
  readonly provider: string | undefined
  readonly reference: string | undefined
  readonly retryable: boolean

  constructor(options: VaultErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = options.code
    this.provider = options.provider
    this.reference = options.reference
    this.retryable = options.retryable ?? RETRYABLE_CODES.has(options.code)
    Object.defineProperty(this, MARKER, { value: true })
  }

  static isInstance(value: unknown): value is VaultError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true
  }

  /** A copy that names the reference (and provider) it failed for; the original is left as it is. */
  withContext(context: { provider?: string; reference?: string }): VaultError {
    return new VaultError({
      code: this.code,
      message: this.message,
      provider: this.provider ?? context.provider,
      reference: context.reference ?? this.reference,
      retryable: this.retryable,
      cause: this.cause,
    })
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      reference: this.reference,
      retryable: this.retryable,
    }
  }
}

/**
 * A plain Error carrying only the name, message and code of a third-party error.
 * SDK errors can hold request headers (signatures, bearer tokens) and configs; providers
 * pass this as a VaultError's cause instead of the original so nothing leaks through `inspect`.
 * The message is kept only when `keepMessage` is true: call sites decide whether it is safe.
 */
export function sanitizeCause(error: unknown, keepMessage = true): Error {
  if (!(error instanceof Error)) return new Error(typeof error === 'string' && keepMessage ? error : 'error')
  const copy = new Error(keepMessage ? error.message : error.name)
  copy.name = error.name
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code })
  copy.stack = `${copy.name}: ${copy.message}`
  return copy
}
