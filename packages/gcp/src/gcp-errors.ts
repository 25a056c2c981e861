import { sanitizeCause, VaultError, type VaultErrorCode } from '@external-vault/core'
import { GRPC_STATUS, HTTP_STATUS } from './google-rpc-codes.js'

/** What the failing call was about, for messages. Nothing here is secret. */
export interface FailureContext {
  /** The resource asked for, e.g. `projects/p/secrets/s/versions/latest`. */
  resource: string
  /** The credential's id, to say which one to fix. */
  credential: string
  /** The service account's email, when known: it is who needs the IAM role. */
  principal?: string | undefined
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
])

/** An SDK error reduced to the facts a message may use. */
interface Facts {
  status?: string
  http?: number
  /** The service's own `error.message` from the JSON body, or a gRPC error's details. */
  serviceMessage?: string
  /** A non-HTTP error code such as ECONNREFUSED or ERR_OSSL_…. */
  systemCode?: string
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}

/** The REST transport puts the raw JSON body in a GaxiosError's message: read `error.message` and `status` from it. */
function parseGoogleBody(body: string): Pick<Facts, 'status' | 'serviceMessage'> {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; status?: unknown } }
    const error = Array.isArray(parsed) ? parsed[0]?.error : parsed.error
    return {
      ...(typeof error?.status === 'string' ? { status: error.status } : {}),
      ...(typeof error?.message === 'string' ? { serviceMessage: shorten(error.message) } : {}),
    }
  } catch {
    return {}
  }
}

function factsOf(error: unknown): Facts {
  if (typeof error !== 'object' || error === null) return {}
  const { code, status, message, details, response } = error as {
    code?: unknown
    status?: unknown
    message?: unknown
    details?: unknown
    response?: { status?: unknown }
  }
  const http =
    typeof status === 'number' ? status : typeof response?.status === 'number' ? response.status : undefined
  if (http !== undefined || (typeof code === 'number' && code >= 100)) {
    const httpStatus = http ?? (code as number)
    const body = typeof message === 'string' ? parseGoogleBody(message) : {}
    return { http: httpStatus, status: body.status ?? HTTP_STATUS[httpStatus], ...body }
  }
  if (typeof code === 'number') {
    const text =
      typeof details === 'string' && details !== '' ? details : typeof message === 'string' ? message : ''
    // gRPC messages read "5 NOT_FOUND: <details>"; keep the details.
    const serviceMessage = shorten(text.replace(/^\d+ [A-Z_]+: /, ''))
    return {
      ...(GRPC_STATUS[code] ? { status: GRPC_STATUS[code] } : {}),
      ...(serviceMessage ? { serviceMessage } : {}),
    }
  }
  return typeof code === 'string' ? { systemCode: code } : {}
}

function said(facts: Facts): string {
  if (facts.serviceMessage) return ` The service said: "${facts.serviceMessage.replace(/\.$/, '')}".`
  return facts.http === undefined ? '' : ` (HTTP ${facts.http}, with no Secret Manager error body.)`
}

function error(code: VaultErrorCode, message: string, cause: unknown, retryable?: boolean): VaultError {
  return new VaultError({
    code,
    provider: 'gcp',
    message,
    // SDK errors hold request configs and headers (the bearer JWT): keep only name and code.
    cause: sanitizeCause(cause, false),
    ...(retryable === undefined ? {} : { retryable }),
  })
}

/** Errors raised before any request: the key cannot sign, ADC is missing, no project can be found. */
function localFailure(raw: unknown, facts: Facts, context: FailureContext): VaultError | undefined {
  // Only errors with no service answer: a service message may mention anything.
  if (facts.status !== undefined || facts.http !== undefined) return undefined
  const message = raw instanceof Error ? raw.message : ''
  if (facts.systemCode?.startsWith('ERR_OSSL') || /private key|\bPEM\b|DECODER routines/.test(message))
    return error(
      'AUTHENTICATION_FAILED',
      `The service account key of credential "${context.credential}" could not sign a request. Download a new JSON key (IAM → Service accounts → Keys) and update the credential.`,
      raw,
    )
  if (/Could not load the default credentials/i.test(message))
    return error(
      'AUTHENTICATION_FAILED',
      `Credential "${context.credential}" uses Application Default Credentials, and none were found. Run "gcloud auth application-default login", set GOOGLE_APPLICATION_CREDENTIALS to a key file, or use a service account key credential.`,
      raw,
    )
  if (/Unable to detect a Project Id/i.test(message))
    return error(
      'INVALID_REFERENCE',
      `No project is known for ${context.resource}. Add ?project=<id> to the reference, or projectId to credential "${context.credential}".`,
      raw,
    )
  return undefined
}

/**
 * Maps both error shapes the SDK produces to a VaultError: the REST transport's GaxiosError
 * (HTTP status, raw JSON body as message) and gRPC-style errors (numeric `code`, 7.x or gRPC).
 * The message quotes the service's `error.message`, never the raw body, and says what to do next.
 */
export function toGcpVaultError(raw: unknown, context: FailureContext): VaultError {
  if (VaultError.isInstance(raw)) return raw
  const facts = factsOf(raw)
  const local = localFailure(raw, facts, context)
  if (local) return local
  const { resource } = context
  switch (facts.status) {
    case 'NOT_FOUND':
      return error(
        'SECRET_NOT_FOUND',
        `Secret Manager has no ${resource}.${said(facts)} Check the secret id, the version and the project (add ?project= when it is not the key's project).`,
        raw,
      )
    case 'FAILED_PRECONDITION':
      return error(
        'SECRET_NOT_FOUND',
        `The secret version ${resource} is disabled or destroyed.${said(facts)} Enable the version in Secret Manager, or pick another one with ?version=.`,
        raw,
      )
    case 'PERMISSION_DENIED':
      return error(
        'ACCESS_DENIED',
        `Secret Manager denied access to ${resource}.${said(facts)} Grant ${context.principal ?? 'the credential'} the Secret Manager Secret Accessor role (roles/secretmanager.secretAccessor) on the secret, and check the project.`,
        raw,
      )
    case 'UNAUTHENTICATED':
      return error(
        'AUTHENTICATION_FAILED',
        `Secret Manager rejected credential "${context.credential}".${said(facts)} The key may be deleted or disabled: create a new key (IAM → Service accounts → Keys) and update the credential.`,
        raw,
      )
    case 'RESOURCE_EXHAUSTED':
      return error(
        'THROTTLED',
        `Secret Manager is throttling requests for ${resource}.${said(facts)} Retry later, or lower the request rate (quotas: IAM & Admin → Quotas).`,
        raw,
      )
    case 'INVALID_ARGUMENT':
    case 'OUT_OF_RANGE':
      return error(
        'INVALID_REFERENCE',
        `Secret Manager rejected the name ${resource}.${said(facts)} Fix the reference.`,
        raw,
      )
  }
  const transient =
    facts.status === 'UNAVAILABLE' ||
    facts.status === 'DEADLINE_EXCEEDED' ||
    facts.status === 'INTERNAL' ||
    facts.status === 'ABORTED' ||
    (facts.http !== undefined && facts.http >= 500) ||
    (facts.systemCode !== undefined && NETWORK_CODES.has(facts.systemCode)) ||
    (raw instanceof Error &&
      (raw.name === 'TimeoutError' || raw.name === 'AbortError' || raw.name === 'SyntaxError'))
  const detail =
    facts.status ?? facts.systemCode ?? (facts.http === undefined ? undefined : `HTTP ${facts.http}`)
  return error(
    'UNAVAILABLE',
    `Secret Manager could not be reached or failed while reading ${resource}${detail ? ` (${detail})` : ''}.${facts.serviceMessage ? said(facts) : ''} ${transient ? 'Try again; check the network path to the endpoint.' : 'If it persists, report it with the error code.'}`,
    raw,
    transient,
  )
}
