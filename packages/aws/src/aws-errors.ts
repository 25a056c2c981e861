import { sanitizeCause, VaultError, type VaultErrorCode } from '@external-vault/core'
import { AWS_PROVIDER_ID, type AwsCredential, credentialSecrets } from './aws-credential.js'
import { type AwsLocator, describeLocator } from './aws-locator.js'

/** What was being done when an SDK call failed, for a message that says what to fix. */
export interface ErrorContext {
  operation: 'read' | 'test'
  credential: AwsCredential
  locator?: AwsLocator
  /** The region the client signed for, when known. */
  region?: string
  endpoint?: string
}

interface SdkErrorShape {
  name: string
  message: string
  code?: string
  status?: number
  attempts?: number
}

// Error names from the Secrets Manager and STS API references and the SDK's credential providers.
const NOT_FOUND = new Set(['ResourceNotFoundException'])
const UNRECOGNISED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId'])
const BAD_SIGNATURE = new Set([
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignatureException',
  'IncompleteSignature',
])
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken'])
const NO_TOKEN = new Set(['MissingAuthenticationTokenException', 'MissingAuthenticationToken'])
const PROVIDER_FAILURE = new Set(['CredentialsProviderError', 'ProviderError', 'TokenProviderError'])
const DENIED = new Set(['AccessDeniedException', 'AccessDenied'])
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
])
const SERVER = new Set([
  'InternalServiceError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
])
const BAD_PARAMETER = new Set(['InvalidParameterException', 'ValidationException', 'SerializationException'])
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
])
const MAX_SERVICE_MESSAGE = 300

function shapeOf(error: unknown): SdkErrorShape {
  if (!(error instanceof Error)) return { name: 'Error', message: typeof error === 'string' ? error : '' }
  const record = error as Error & {
    code?: unknown
    $metadata?: { httpStatusCode?: unknown; attempts?: unknown }
  }
  const status = record.$metadata?.httpStatusCode
  const attempts = record.$metadata?.attempts
  return {
    name: error.name,
    message: typeof error.message === 'string' ? error.message : '',
    ...(typeof record.code === 'string' ? { code: record.code } : {}),
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof attempts === 'number' ? { attempts } : {}),
  }
}

/** The service's own message when it is short and holds none of the credential's secrets; else undefined. */
function serviceMessage(shape: SdkErrorShape, credential: AwsCredential): string | undefined {
  const text = shape.message.replace(/\s+/g, ' ').trim()
  if (text === '' || text === shape.name || text === 'UnknownError') return undefined
  if (credentialSecrets(credential).some((value) => value.length > 0 && text.includes(value)))
    return undefined
  return text.length > MAX_SERVICE_MESSAGE ? `${text.slice(0, MAX_SERVICE_MESSAGE)}…` : text
}

function quoted(message: string | undefined): string {
  return message === undefined ? '' : ` ("${message}")`
}

function attemptsText(shape: SdkErrorShape): string {
  return shape.attempts === undefined
    ? ''
    : `, after ${shape.attempts} attempt${shape.attempts === 1 ? '' : 's'}`
}

function sourceOf(credential: AwsCredential): string {
  switch (credential.type) {
    case 'temporary':
      return 'accessKeyId and sessionToken (temporary ASIA… keys need their token and expire)'
    case 'profile':
      return `the keys profile "${credential.profile}" gives`
    default:
      return 'the keys the default chain finds (environment, shared files, container or instance role)'
  }
}

function refreshHint(credential: AwsCredential): string {
  switch (credential.type) {
    case 'temporary':
      return 'Get fresh temporary credentials and update the credential.'
    case 'profile':
      return `Refresh the profile's keys, or sign in again (aws sso login --profile ${credential.profile}).`
    default:
      return 'Refresh the keys the default chain finds (environment variables, shared files or role).'
  }
}

/**
 * Turns an SDK or network failure into a VaultError with a code and a next step.
 * Only the service's short message is kept (never a response body or request), and the cause is
 * sanitized: SDK errors carry the raw response and signed request headers.
 */
export function toVaultError(error: unknown, context: ErrorContext): VaultError {
  if (VaultError.isInstance(error)) return error
  const shape = shapeOf(error)
  const { credential } = context
  const who = `credential "${credential.id}"`
  const service = context.operation === 'read' ? 'AWS Secrets Manager' : 'AWS STS'
  const target = context.locator === undefined ? 'the request' : `secret ${describeLocator(context.locator)}`
  const where =
    context.endpoint === undefined
      ? ` in ${context.region ?? 'the default region'}`
      : ` at ${context.endpoint}`
  const said = serviceMessage(shape, credential)
  // A body that is not JSON or XML (a proxy's page) ends up in the parser's message: never repeat it.
  const parseFailure = shape.name === 'SyntaxError' || /Deserialization error/.test(shape.message)
  const make = (code: VaultErrorCode, message: string, retryable?: boolean) =>
    new VaultError({
      code,
      provider: AWS_PROVIDER_ID,
      message,
      ...(retryable === undefined ? {} : { retryable }),
      cause: sanitizeCause(error, said !== undefined && !parseFailure),
    })

  if (shape.message === 'Region is missing') {
    return make(
      'INVALID_CREDENTIAL',
      `AWS credential "${credential.id}": no region. Set "region" on the credential (such as "us-east-1"), or AWS_REGION in the environment.`,
    )
  }
  if (PROVIDER_FAILURE.has(shape.name)) {
    return make(
      'AUTHENTICATION_FAILED',
      `AWS ${who} could not get keys from ${credential.type === 'profile' ? `profile "${credential.profile}"` : 'the default chain'}${quoted(said)}. ${
        credential.type === 'profile'
          ? `Check that the profile exists in the shared config or credentials file, or sign in again (aws sso login --profile ${credential.profile}).`
          : 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or a role for this machine, or use a temporary credential.'
      }`,
    )
  }
  if (NOT_FOUND.has(shape.name)) {
    return make(
      'SECRET_NOT_FOUND',
      `${service}${where} has no ${target}${quoted(said)}. Check the name or ARN, the region (the credential's, or the ARN's), and versionId or versionStage.`,
    )
  }
  if (shape.name === 'InvalidRequestException') {
    const deleted = /delet/i.test(shape.message)
    return deleted
      ? make(
          'SECRET_NOT_FOUND',
          `${service} will not read ${target}: it is scheduled for deletion${quoted(said)}. Restore it (RestoreSecret) or reference another secret.`,
        )
      : make(
          'INVALID_REFERENCE',
          `${service} refused to read ${target}${quoted(said)}. Check the secret and its version.`,
        )
  }
  if (BAD_PARAMETER.has(shape.name)) {
    return make(
      'INVALID_REFERENCE',
      `${service} rejected the request for ${target}${quoted(said)}. Check the secret name or ARN, versionId and versionStage.`,
    )
  }
  if (UNRECOGNISED.has(shape.name) || NO_TOKEN.has(shape.name)) {
    return make(
      'AUTHENTICATION_FAILED',
      `AWS did not recognise the access key of ${who}${quoted(said)}. Check ${sourceOf(credential)}.`,
    )
  }
  if (BAD_SIGNATURE.has(shape.name)) {
    return make(
      'AUTHENTICATION_FAILED',
      `AWS rejected the request signature of ${who}${quoted(said)}. Check that the secret access key belongs to the access key id, and that this machine's clock is right.`,
    )
  }
  if (EXPIRED.has(shape.name)) {
    return make(
      'AUTHENTICATION_FAILED',
      `The session token of ${who} has expired. ${refreshHint(credential)}`,
    )
  }
  if (shape.name === 'DecryptionFailure') {
    return make(
      'ACCESS_DENIED',
      `${service} could not decrypt ${target} with its KMS key${quoted(said)}. Grant the identity of ${who} kms:Decrypt on the secret's KMS key, and check that the key is enabled.`,
    )
  }
  if (DENIED.has(shape.name)) {
    return make(
      'ACCESS_DENIED',
      context.operation === 'read'
        ? `${who} may not read ${target}${quoted(said)}. Grant its identity secretsmanager:GetSecretValue on the secret (and kms:Decrypt on a customer-managed key), or use another credential.`
        : `${who} may not call sts:GetCallerIdentity${quoted(said)}. Check the identity's policies.`,
    )
  }
  if (THROTTLED.has(shape.name)) {
    return make(
      'THROTTLED',
      `${service} throttled the request for ${target}${attemptsText(shape)}. Wait and try again, lower the request rate, or cache secrets longer.`,
    )
  }
  if (parseFailure) {
    return make(
      'UNAVAILABLE',
      `${service}${where} answered HTTP ${shape.status ?? '?'} with a body that is not an AWS response${attemptsText(shape)}: a proxy, firewall or wrong endpoint answered instead. Check the network path${context.endpoint === undefined ? '' : ' and the endpoint setting'}.`,
      (shape.status ?? 500) >= 500,
    )
  }
  if (SERVER.has(shape.name) || (shape.status !== undefined && shape.status >= 500)) {
    return make(
      'UNAVAILABLE',
      `${service}${where} failed to answer for ${target}: ${shape.name} (HTTP ${shape.status ?? '?'}${attemptsText(shape)}). Try again later.`,
    )
  }
  if (shape.name === 'TimeoutError' || shape.code === 'ETIMEDOUT' || shape.name === 'AbortError') {
    return make(
      'TIMEOUT',
      `${service}${where} did not answer in time for ${target}. Check the network path, then try again.`,
    )
  }
  const networkCode = shape.code ?? /\b(E[A-Z_]{3,})\b/.exec(shape.message)?.[1]
  if (networkCode !== undefined && NETWORK_CODES.has(networkCode)) {
    return make(
      'UNAVAILABLE',
      `Could not reach ${service}${where} (${networkCode}). Check the network and proxy${context.endpoint === undefined ? '' : ', and the endpoint setting'}.`,
    )
  }
  return make(
    'UNAVAILABLE',
    `${service}${where} failed for ${target}: ${shape.name}${shape.status === undefined ? '' : ` (HTTP ${shape.status})`}${quoted(said)}. Check the credential and reference; report it if it persists.`,
    false,
  )
}
