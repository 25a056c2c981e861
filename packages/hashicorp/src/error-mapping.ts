import { MASK, VaultError, type VaultErrorCode } from '@external-vault/core'
import type { HttpResponse } from './http-client.js'

const MAX_DETAIL = 300

/**
 * The server's own words, made safe to show: Vault's `errors[]` (its "2 errors occurred: * a * b"
 * wrapping flattened), HCP's `message`, or OAuth's `error: error_description`. Any credential value
 * the server might echo is masked, and the text is capped.
 */
export function serverDetail(json: unknown, secrets: readonly string[]): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined
  const body = json as Record<string, unknown>
  let parts: string[] = []
  if (Array.isArray(body.errors)) {
    parts = body.errors
      .filter((item): item is string => typeof item === 'string')
      .flatMap((item) =>
        item
          .replace(/^\d+ errors? occurred:/, '')
          .split(/\n\s*\*\s*/)
          .map((line) => line.trim()),
      )
  } else if (typeof body.error === 'string') {
    const description = typeof body.error_description === 'string' ? `: ${body.error_description}` : ''
    parts = [`${body.error}${description}`]
  } else if (typeof body.message === 'string') {
    parts = [body.message]
  }
  let detail = parts.filter((part) => part !== '').join('; ')
  for (const value of secrets) {
    if (value.length >= 4) detail = detail.replaceAll(value, MASK)
  }
  if (detail === '') return undefined
  return detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail
}

/** Vault answers 403 both for a bad token and for a missing permission; only the text tells them apart. */
export function isInvalidToken(response: HttpResponse): boolean {
  return /invalid token|token (is )?expired|bad token/i.test(serverDetail(response.json, []) ?? '')
}

export interface FailureContext {
  /** "Vault", "HCP Vault Secrets" */
  service: string
  /** What was being done, for the message: `reading "secret/app/db"`. */
  action: string
  /** Credential values to mask if the server echoes them. */
  secrets: readonly string[]
  /** Per-status next steps, replacing the defaults below. */
  advice?: Partial<Record<'badRequest' | 'unauthenticated' | 'forbidden' | 'notFound', string>>
  /** Overrides the code for a status (a login's 400 is a bad credential, not a bad reference). */
  codes?: Partial<Record<number, VaultErrorCode>>
}

function codeFor(response: HttpResponse, context: FailureContext): VaultErrorCode {
  const override = context.codes?.[response.status]
  if (override !== undefined) return override
  const { status } = response
  if (status === 400 || status === 405) return 'INVALID_REFERENCE'
  if (status === 401) return 'AUTHENTICATION_FAILED'
  if (status === 403) return isInvalidToken(response) ? 'AUTHENTICATION_FAILED' : 'ACCESS_DENIED'
  if (status === 404) return 'SECRET_NOT_FOUND'
  if (status === 429) return 'THROTTLED'
  return 'UNAVAILABLE'
}

function adviceFor(code: VaultErrorCode, response: HttpResponse, context: FailureContext): string {
  const advice = context.advice ?? {}
  switch (code) {
    case 'INVALID_REFERENCE':
      return advice.badRequest ?? 'Check the path and options of the reference.'
    case 'AUTHENTICATION_FAILED':
      return (
        advice.unauthenticated ??
        'The credential was rejected (mistyped, expired or revoked). Update it under Cloud Credentials → HashiCorp.'
      )
    case 'ACCESS_DENIED':
      return advice.forbidden ?? 'Grant the credential read access to this path in its policies.'
    case 'SECRET_NOT_FOUND':
      return advice.notFound ?? 'Check the secret path.'
    case 'THROTTLED':
      return `It was still rate limited after ${response.attempts} attempts; wait a moment and try again.`
    default:
      return response.status >= 500
        ? `It still failed after ${response.attempts} attempts; check the server's health and try again.`
        : 'This is an unexpected answer; check the address points at the right server.'
  }
}

/** The VaultError for a non-2xx answer: a code from the status, the server's words, and a next step. */
export function responseError(response: HttpResponse, context: FailureContext): VaultError {
  const code = codeFor(response, context)
  const detail = serverDetail(response.json, [...context.secrets, ...(response.sent ?? [])])
  const said = detail === undefined ? '' : `: ${detail}`
  return new VaultError({
    code,
    provider: 'hashicorp',
    ...(response.status >= 500 || response.status === 429 ? {} : { retryable: false }),
    message: `${context.service} answered ${response.status} ${context.action}${said}. ${adviceFor(code, response, context)}`,
  })
}

/** A 2xx answer whose body is not what the API documents. */
export function unexpectedBody(service: string, action: string): VaultError {
  return new VaultError({
    code: 'UNAVAILABLE',
    provider: 'hashicorp',
    retryable: false,
    message: `${service} answered ${action} with a body this provider does not understand. Check the address points at ${service} and not at a proxy or web page.`,
  })
}
