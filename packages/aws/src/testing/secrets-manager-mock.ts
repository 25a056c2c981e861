import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { http, type RequestHandler } from 'msw'
import {
  errorStatus,
  jsonError,
  jsonResponse,
  queryError,
  rawResponse,
  xmlElements,
  xmlResponse,
} from './aws-responses.js'
import { type AuthFailureKind, type AuthResult, authenticate, type MockAccessKey } from './request-auth.js'
import {
  describeSeeded,
  type MockSecret,
  type MockSecretInput,
  SecretStore,
  type SeededSecret,
} from './secret-store.js'

export interface SecretsManagerMockOptions {
  /** Regions the mock serves when reached at a non-AWS host (a test server); the first is the default. Default ['us-east-1']. */
  regions?: string[]
  /** Default '123456789012'. */
  accountId?: string
  /** Access keys known from the start; add more with createAccessKey or addAccessKey. */
  accessKeys?: MockAccessKey[]
}

/**
 * A fault for the next matching request(s), answered after the request has passed authentication
 * (so a fault never hides a badly signed request).
 */
export interface MockFault {
  /** 'GetSecretValue', 'GetCallerIdentity', …; every operation when absent. */
  operation?: string
  /** An AWS error type such as 'ThrottlingException', sent as the protocol sends errors. */
  error?: string
  message?: string
  /** HTTP status; by default the one AWS uses for `error` (500 for InternalServiceError, else 400), or 503 for a raw body. */
  status?: number
  /** A raw body instead of an AWS error, as a proxy or load balancer sends (an HTML page). */
  body?: string
  /** Content type of `body`; default text/html. */
  contentType?: string
  /** Milliseconds to wait before answering; alone, it delays the normal answer. */
  latency?: number
  /** How many requests it applies to; default 1. `Infinity` for every one. */
  times?: number
}

/** One request the mock received, with what it answered. Never holds a secret value or key. */
export interface MockCall {
  service: 'secretsmanager' | 'sts'
  operation: string
  /** The credential scope's region, once the Authorization header could be read. */
  region?: string
  accessKeyId?: string
  /** The request's parameters (SecretId, VersionId, VersionStage; Action for STS). */
  input: Record<string, string>
  status: number
  errorType?: string
}

export interface CreateAccessKeyOptions {
  /** An ASIA… key with a session token, as STS issues them. */
  temporary?: boolean
  expired?: boolean
  arn?: string
}

export interface SecretsManagerMock {
  /** msw handlers for Secrets Manager and STS at `POST /` on any origin. */
  readonly handlers: readonly RequestHandler[]
  readonly regions: readonly string[]
  /** The default region: the first of `regions`. */
  readonly region: string
  readonly accountId: string
  /** Every request answered so far, oldest first. */
  readonly calls: readonly MockCall[]
  /** GetSecretValue requests received so far, whatever they were answered. */
  readonly readCount: number
  createAccessKey(options?: CreateAccessKeyOptions): MockAccessKey
  addAccessKey(key: MockAccessKey): void
  removeAccessKey(accessKeyId: string): void
  addSecret(input: MockSecretInput): SeededSecret
  /** Adds a version as PutSecretValue does (AWSCURRENT moves to it unless `stages` says otherwise). */
  putSecretValue(
    secretId: string,
    value: string | Uint8Array,
    options?: { stages?: string[]; region?: string },
  ): SeededSecret
  /** Marks a secret as scheduled for deletion, as DeleteSecret with a recovery window does. */
  scheduleDeletion(secretId: string, options?: { region?: string }): void
  /** Removes a secret at once, as DeleteSecret with ForceDeleteWithoutRecovery does. */
  deleteSecret(secretId: string, options?: { region?: string }): void
  injectFault(fault: MockFault): void
  clearFaults(): void
  /** Forgets secrets, calls, the read count and faults; access keys stay. */
  reset(): void
}

// Errors the front end sends before the service runs, per protocol (JSON 1.1 for Secrets Manager, Query for STS).
const JSON_AUTH_ERRORS: Record<AuthFailureKind, string> = {
  'missing-token': 'MissingAuthenticationTokenException',
  'incomplete-signature': 'IncompleteSignatureException',
  'invalid-signature': 'InvalidSignatureException',
  'unrecognized-client': 'UnrecognizedClientException',
  'expired-token': 'ExpiredTokenException',
}
const QUERY_AUTH_ERRORS: Record<AuthFailureKind, string> = {
  'missing-token': 'MissingAuthenticationToken',
  'incomplete-signature': 'IncompleteSignature',
  'invalid-signature': 'SignatureDoesNotMatch',
  'unrecognized-client': 'InvalidClientTokenId',
  'expired-token': 'ExpiredToken',
}

const DEFAULT_FAULT_MESSAGES: Readonly<Record<string, string>> = {
  ThrottlingException: 'Rate exceeded',
  InternalServiceError: 'An error occurred on the server side.',
  InternalFailure: 'The request processing has failed because of an unknown error, exception or failure.',
  ServiceUnavailable: 'The request has failed due to a temporary failure of the server.',
  AccessDeniedException: 'You do not have sufficient access to perform this action.',
  DecryptionFailure: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1'
const STS_VERSION = '2011-06-15'
// POST to the root of any origin: the real endpoints, LocalStack or a 127.0.0.1 test server.
const ROOT = /^https?:\/\/[^/]+\/$/
const AWS_HOST = /^(secretsmanager|sts)(?:-fips)?(?:\.([a-z0-9-]+))?\.amazonaws\.com(?:\.cn)?$/

interface Route {
  service: 'secretsmanager' | 'sts'
  /** Fixed by an AWS host name; otherwise any of the mock's regions. */
  region?: string
}

interface Incoming {
  request: Request
  url: URL
  route: Route
  body: Uint8Array
}

type ErrorWriter = (type: string, message: string, status?: number) => Response

function routeOf(url: URL, contentType: string | null): Route | undefined {
  const aws = AWS_HOST.exec(url.hostname)
  if (aws !== null) {
    const service = aws[1] as Route['service']
    // sts.amazonaws.com is the global endpoint, signed for us-east-1.
    return { service, region: aws[2] ?? 'us-east-1' }
  }
  // Another AWS service's endpoint is none of this mock's business.
  if (/\.amazonaws\.com(\.cn)?$/.test(url.hostname)) return undefined
  return {
    service: contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')
      ? 'sts'
      : 'secretsmanager',
  }
}

function randomText(length: number, alphabet: string): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('')
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const BASE64ISH = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name]
  return typeof value === 'string' ? value : undefined
}

function lengthError(field: string, value: string, min: number, max: number): string | undefined {
  if (value.length < min)
    return `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`
  if (value.length > max)
    return `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`
  return undefined
}

/**
 * An in-memory AWS Secrets Manager (GetSecretValue) and STS (GetCallerIdentity) behind msw handlers.
 * It answers only what the real service would accept: `POST /`, `application/x-amz-json-1.1`,
 * `X-Amz-Target: secretsmanager.<Operation>`, a valid SigV4 signature by a known access key scoped to
 * the right region and service, and that key's session token; anything else gets the service's error.
 */
export function createSecretsManagerMock(options: SecretsManagerMockOptions = {}): SecretsManagerMock {
  const regions = options.regions ?? ['us-east-1']
  if (regions.length === 0) throw new TypeError('regions must name at least one region.')
  const accountId = options.accountId ?? '123456789012'
  const keys = new Map<string, MockAccessKey>()
  for (const key of options.accessKeys ?? []) keys.set(key.accessKeyId, { ...key })
  const store = new SecretStore(accountId)
  let calls: MockCall[] = []
  let readCount = 0
  let faults: Array<MockFault & { remaining: number }> = []

  function secretOrThrow(secretId: string, region = regions[0] as string): MockSecret {
    const secret = store.find(region, secretId)
    if (secret === undefined) throw new TypeError(`No secret "${secretId}" in ${region}.`)
    return secret
  }

  function takeFault(operation: string): MockFault | undefined {
    const fault = faults.find(
      (candidate) => candidate.operation === undefined || candidate.operation === operation,
    )
    if (fault === undefined) return undefined
    fault.remaining -= 1
    if (fault.remaining <= 0) faults = faults.filter((candidate) => candidate !== fault)
    return fault
  }

  /** The fault's answer, rendered by the protocol's own error writer; undefined to answer normally. */
  async function faultResponse(operation: string, renderError: ErrorWriter): Promise<Response | undefined> {
    const fault = takeFault(operation)
    if (fault === undefined) return undefined
    if (fault.latency !== undefined && fault.latency > 0) await delay(fault.latency)
    if (fault.body !== undefined || (fault.error === undefined && fault.status !== undefined)) {
      const status = fault.status ?? 503
      return rawResponse(
        status,
        fault.body ?? `<html><body><h1>${status} Service Temporarily Unavailable</h1></body></html>`,
        fault.contentType ?? 'text/html',
      )
    }
    if (fault.error !== undefined) {
      return renderError(
        fault.error,
        fault.message ?? DEFAULT_FAULT_MESSAGES[fault.error] ?? fault.error,
        fault.status,
      )
    }
    return undefined
  }

  function validRegionFor(route: Route): (region: string) => boolean {
    return (region) => (route.region === undefined ? regions.includes(region) : region === route.region)
  }

  /** Records the call; the error writer it returns records each error answer on it too. */
  function track(
    call: MockCall,
    render: (type: string, message: string, status: number) => Response,
  ): ErrorWriter {
    calls.push(call)
    return (type, message, status = errorStatus(type)) => {
      call.status = status
      call.errorType = type
      return render(type, message, status)
    }
  }

  /** Authenticates the request for `service`, noting the caller's region and key on the call. */
  function admit(call: MockCall, incoming: Incoming, service: Route['service']): AuthResult {
    const { request, url, route, body } = incoming
    const auth = authenticate(request, url, body, { service, validRegion: validRegionFor(route) }, keys)
    if (auth.ok) {
      call.region = auth.scope.region
      call.accessKeyId = auth.key.accessKeyId
    }
    return auth
  }

  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
  function getSecretValue(
    body: Record<string, unknown>,
    region: string,
    key: MockAccessKey,
    error: ErrorWriter,
  ): Response {
    const secretId = stringField(body, 'SecretId')
    const versionId = stringField(body, 'VersionId')
    const versionStage = stringField(body, 'VersionStage')
    if (secretId === undefined) {
      return error(
        'ValidationException',
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
      )
    }
    const invalid =
      lengthError('secretId', secretId, 1, 2048) ??
      (versionId === undefined ? undefined : lengthError('versionId', versionId, 32, 64)) ??
      (versionStage === undefined ? undefined : lengthError('versionStage', versionStage, 1, 256))
    if (invalid !== undefined) return error('ValidationException', invalid)
    const secret = store.find(region, secretId)
    if (secret === undefined)
      return error('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
    if (secret.deniedAccessKeys.has(key.accessKeyId)) {
      return error(
        'AccessDeniedException',
        `User: ${identityArn(key)} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretId} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
      )
    }
    if (secret.scheduledForDeletion) {
      return error(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      )
    }
    if (secret.decryptionFailure)
      return error('DecryptionFailure', DEFAULT_FAULT_MESSAGES.DecryptionFailure as string)
    const stage = versionId === undefined ? (versionStage ?? 'AWSCURRENT') : versionStage
    const version = secret.versions.find(
      (candidate) =>
        (versionId === undefined || candidate.versionId === versionId) &&
        (stage === undefined || candidate.stages.includes(stage)),
    )
    if (version === undefined) {
      const wanted = [
        versionId === undefined ? undefined : `VersionId: ${versionId}`,
        stage === undefined ? undefined : `staging label: ${stage}`,
      ]
        .filter(Boolean)
        .join(' and ')
      return error(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for ${wanted}`,
      )
    }
    return jsonResponse({
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      ...(typeof version.value === 'string'
        ? { SecretString: version.value }
        : { SecretBinary: Buffer.from(version.value).toString('base64') }),
      VersionStages: [...version.stages],
      // epoch seconds, as the JSON protocol sends timestamps
      CreatedDate: version.createdAt.getTime() / 1000,
    })
  }

  function identityArn(key: MockAccessKey): string {
    if (key.arn !== undefined) return key.arn
    return key.sessionToken === undefined
      ? `arn:aws:iam::${accountId}:user/mock-user`
      : `arn:aws:sts::${accountId}:assumed-role/mock-role/mock-session`
  }

  async function secretsManager(incoming: Incoming): Promise<Response> {
    const { request, body } = incoming
    const target = request.headers.get('x-amz-target')
    const operation = target?.startsWith('secretsmanager.')
      ? target.slice('secretsmanager.'.length)
      : undefined
    const call: MockCall = {
      service: 'secretsmanager',
      operation: operation ?? target ?? '(none)',
      input: {},
      status: 0,
    }
    if (operation === 'GetSecretValue') readCount += 1
    const error = track(call, jsonError)
    const auth = admit(call, incoming, 'secretsmanager')
    if (!auth.ok) return error(JSON_AUTH_ERRORS[auth.kind], auth.message)
    const contentType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
    if (contentType !== JSON_CONTENT_TYPE || operation === undefined) {
      return error('UnknownOperationException', '')
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(Buffer.from(body).toString('utf8') || '{}')
    } catch {
      parsed = undefined
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return error('SerializationException', 'Start of structure or map found where not expected.')
    }
    const input = parsed as Record<string, unknown>
    for (const name of ['SecretId', 'VersionId', 'VersionStage']) {
      const value = stringField(input, name)
      if (value !== undefined) call.input[name] = value
    }
    const faulted = await faultResponse(operation, error)
    if (faulted !== undefined) {
      call.status = faulted.status
      call.errorType ??= faulted.headers.get('x-amzn-errortype') ?? undefined
      return faulted
    }
    if (operation !== 'GetSecretValue') {
      return error('NotImplemented', `The mock implements GetSecretValue only, not ${operation}.`, 501)
    }
    const response = getSecretValue(input, auth.scope.region, auth.key, error)
    call.status = response.status
    return response
  }

  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
  async function sts(incoming: Incoming): Promise<Response> {
    const { body } = incoming
    const form = new URLSearchParams(Buffer.from(body).toString('utf8'))
    const action = form.get('Action') ?? '(none)'
    const call: MockCall = { service: 'sts', operation: action, input: { Action: action }, status: 0 }
    const error = track(call, queryError)
    const auth = admit(call, incoming, 'sts')
    if (!auth.ok) return error(QUERY_AUTH_ERRORS[auth.kind], auth.message)
    if (action !== 'GetCallerIdentity' || form.get('Version') !== STS_VERSION) {
      return error(
        'InvalidAction',
        `Could not find operation ${action} for version ${form.get('Version') ?? '(none)'}`,
      )
    }
    const faulted = await faultResponse(action, error)
    if (faulted !== undefined) {
      call.status = faulted.status
      return faulted
    }
    const { key } = auth
    const userId = `${key.sessionToken === undefined ? 'AIDA' : 'AROA'}${createHash('sha256').update(key.accessKeyId).digest('hex').slice(0, 17).toUpperCase()}`
    call.status = 200
    return xmlResponse(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>${xmlElements(
        { Arn: identityArn(key), UserId: userId, Account: accountId },
      )}</GetCallerIdentityResult><ResponseMetadata>${xmlElements({
        RequestId: randomUUID(),
      })}</ResponseMetadata></GetCallerIdentityResponse>`,
    )
  }

  const handler = http.post(ROOT, async ({ request }) => {
    const url = new URL(request.url)
    const route = routeOf(url, request.headers.get('content-type'))
    if (route === undefined) return undefined
    const body = new Uint8Array(await request.arrayBuffer())
    const incoming: Incoming = { request, url, route, body }
    return route.service === 'sts' ? sts(incoming) : secretsManager(incoming)
  })

  return {
    handlers: [handler],
    regions,
    region: regions[0] as string,
    accountId,
    get calls() {
      return calls
    },
    get readCount() {
      return readCount
    },
    createAccessKey(keyOptions = {}) {
      const key: MockAccessKey = {
        accessKeyId: `${keyOptions.temporary ? 'ASIA' : 'AKIA'}${randomText(16, UPPER_ALNUM)}`,
        secretAccessKey: randomText(40, BASE64ISH),
        ...(keyOptions.temporary ? { sessionToken: `IQoJb3JpZ2luX2Vj${randomText(300, BASE64ISH)}` } : {}),
        ...(keyOptions.expired ? { expired: true } : {}),
        ...(keyOptions.arn === undefined ? {} : { arn: keyOptions.arn }),
      }
      keys.set(key.accessKeyId, key)
      return { ...key }
    },
    addAccessKey(key) {
      keys.set(key.accessKeyId, { ...key })
    },
    removeAccessKey(accessKeyId) {
      keys.delete(accessKeyId)
    },
    addSecret(input) {
      const region = input.region ?? (regions[0] as string)
      return describeSeeded(store.add(input, region))
    },
    putSecretValue(secretId, value, putOptions = {}) {
      const secret = secretOrThrow(secretId, putOptions.region)
      store.put(secret, value, putOptions.stages)
      return describeSeeded(secret)
    },
    scheduleDeletion(secretId, deleteOptions = {}) {
      secretOrThrow(secretId, deleteOptions.region).scheduledForDeletion = true
    },
    deleteSecret(secretId, deleteOptions = {}) {
      store.remove(secretOrThrow(secretId, deleteOptions.region))
    },
    injectFault(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 })
    },
    clearFaults() {
      faults = []
    },
    reset() {
      store.clear()
      calls = []
      readCount = 0
      faults = []
    },
  }
}
