import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { type FailureContext, toGcpVaultError } from './gcp-errors.js'

const context: FailureContext = {
  resource: 'projects/acme-prod/secrets/db/versions/latest',
  credential: 'prod',
  principal: 'reader@acme-prod.iam.gserviceaccount.com',
}
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.TOKEN-SENTINEL.sig'

/** What the 6.x REST transport throws: a GaxiosError whose message is the raw JSON body. */
function gaxiosError(status: number, body: unknown): Error {
  const raw = typeof body === 'string' ? body : JSON.stringify(body)
  return Object.assign(new Error(raw), {
    name: 'GaxiosError',
    code: status,
    status,
    config: { headers: { authorization: `Bearer ${TOKEN}` } },
    response: { status, data: raw },
  })
}

function googleBody(code: number, status: string, message: string) {
  return { error: { code, message, status } }
}

/** What gRPC (or the 7.x client) throws: a numeric google.rpc.Code. */
function grpcError(code: number, name: string, details: string): Error {
  return Object.assign(new Error(`${code} ${name}: ${details}`), {
    code,
    details,
    metadata: { token: TOKEN },
  })
}

describe('toGcpVaultError: REST GaxiosError and gRPC codes', () => {
  it.each([
    [
      404,
      'NOT_FOUND',
      5,
      'SECRET_NOT_FOUND',
      false,
      /Secret Manager has no projects\/acme-prod\/secrets\/db/,
    ],
    [
      403,
      'PERMISSION_DENIED',
      7,
      'ACCESS_DENIED',
      false,
      /Grant reader@acme-prod\.iam\.gserviceaccount\.com .*secretAccessor/,
    ],
    [
      401,
      'UNAUTHENTICATED',
      16,
      'AUTHENTICATION_FAILED',
      false,
      /rejected credential "prod".*create a new key/,
    ],
    [400, 'FAILED_PRECONDITION', 9, 'SECRET_NOT_FOUND', false, /disabled or destroyed.*\?version=/],
    [429, 'RESOURCE_EXHAUSTED', 8, 'THROTTLED', true, /throttling/],
    [503, 'UNAVAILABLE', 14, 'UNAVAILABLE', true, /Try again/],
    [500, 'INTERNAL', 13, 'UNAVAILABLE', true, /Try again/],
    [504, 'DEADLINE_EXCEEDED', 4, 'UNAVAILABLE', true, /Try again/],
    [400, 'INVALID_ARGUMENT', 3, 'INVALID_REFERENCE', false, /rejected the name/],
  ])('HTTP %i / %s (gRPC %i) → %s', (http, status, grpc, code, retryable, message) => {
    const serviceMessage = `Service says ${status} about the thing.`
    for (const raw of [
      gaxiosError(http, googleBody(http, status, serviceMessage)),
      grpcError(grpc, status, serviceMessage),
    ]) {
      const error = toGcpVaultError(raw, context)
      expect({ code: error.code, retryable: error.retryable, provider: error.provider }).toEqual({
        code,
        retryable,
        provider: 'gcp',
      })
      expect(error.message).toMatch(message)
      expect(error.message).toContain(`"Service says ${status} about the thing"`)
      expect(error.message).not.toContain('{"error"')
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain('TOKEN-SENTINEL')
    }
  })

  it('maps an HTTP status whose body is not Google JSON by the status alone, without the body', () => {
    const error = toGcpVaultError(gaxiosError(502, '<html>Bad Gateway SENTINEL-BODY</html>'), context)
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(error.message).toContain('HTTP 502')
    expect(error.message).not.toContain('SENTINEL-BODY')
    expect(toGcpVaultError(gaxiosError(404, 'Not Found'), context).code).toBe('SECRET_NOT_FOUND')
  })

  it('keeps only the name and code of the SDK error as cause', () => {
    const error = toGcpVaultError(gaxiosError(404, googleBody(404, 'NOT_FOUND', 'gone')), context)
    expect(error.cause).toBeInstanceOf(Error)
    expect(error.cause).toMatchObject({ name: 'GaxiosError', code: 404, message: 'GaxiosError' })
    expect(Object.keys(error.cause as object)).not.toContain('config')
  })

  it('shortens a long service message to one line', () => {
    const long = `line one\nline two ${'x'.repeat(1000)}`
    const error = toGcpVaultError(gaxiosError(404, googleBody(404, 'NOT_FOUND', long)), context)
    expect(error.message).toContain('line one line two')
    expect(error.message.length).toBeLessThan(700)
  })
})

describe('toGcpVaultError: failures before any response', () => {
  it('maps network errors to retryable UNAVAILABLE', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT']) {
      const raw = Object.assign(new Error(`request to http://127.0.0.1:1/v1 failed, reason: ${code}`), {
        code,
      })
      expect(toGcpVaultError(raw, context)).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    }
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    })
    expect(toGcpVaultError(timeout, context)).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
  })

  it('maps a key that cannot sign to AUTHENTICATION_FAILED', () => {
    const raw = Object.assign(new Error('error:1E08010C:DECODER routines::unsupported'), {
      code: 'ERR_OSSL_UNSUPPORTED',
    })
    const error = toGcpVaultError(raw, context)
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).toMatch(/could not sign/)
  })

  it('explains missing Application Default Credentials and an unknown project', () => {
    const adc = toGcpVaultError(new Error('Could not load the default credentials. Browse to …'), context)
    expect(adc.code).toBe('AUTHENTICATION_FAILED')
    expect(adc.message).toMatch(/gcloud auth application-default login/)
    const project = toGcpVaultError(
      new Error('Unable to detect a Project Id in the current environment.'),
      context,
    )
    expect(project.code).toBe('INVALID_REFERENCE')
    expect(project.message).toMatch(/\?project=/)
  })

  it('passes VaultErrors through and makes unknown failures non-retryable UNAVAILABLE', () => {
    const unknown = toGcpVaultError(new RangeError('weird'), context)
    expect(unknown).toMatchObject({ code: 'UNAVAILABLE', retryable: false })
    expect(toGcpVaultError(unknown, context)).toBe(unknown)
    expect(toGcpVaultError('a string', context)).toMatchObject({ code: 'UNAVAILABLE', retryable: false })
  })
})
