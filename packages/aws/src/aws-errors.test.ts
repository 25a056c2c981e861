import { VaultError } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseAwsCredential } from './aws-credential.js'
import { toVaultError } from './aws-errors.js'
import { type Testbed, testbed } from './test-support/testbed.js'

let bed: Testbed
const server = setupServer()

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  bed = testbed()
  server.resetHandlers(...bed.mock.handlers)
  bed.mock.addSecret({ name: 'app/api', value: 'x' })
})

/** Reads aws://prod/app/api and returns the error and how many requests the mock received. */
async function readFailure(reference = 'aws://prod/app/api', credentials = [bed.credential]) {
  const error = await vaultFailure(bed.vault(undefined, credentials).get(reference))
  return { error, attempts: bed.mock.readCount }
}

describe('error mapping, as the real SDK meets each error', () => {
  it('ResourceNotFoundException → SECRET_NOT_FOUND, not retried', async () => {
    const { error, attempts } = await readFailure('aws://prod/app/missing')
    expect(error).toMatchObject({
      code: 'SECRET_NOT_FOUND',
      retryable: false,
      provider: 'aws',
      reference: 'aws://prod/app/missing',
    })
    expect(error.message).toContain('"app/missing"')
    expect(error.message).toContain("Secrets Manager can't find the specified secret.")
    expect(attempts).toBe(1)
  })

  it('UnrecognizedClientException (unknown key) → AUTHENTICATION_FAILED naming the fields to check', async () => {
    const { error, attempts } = await readFailure(undefined, [
      { ...bed.credential, accessKeyId: 'AKIANOTKNOWNTOMOCK00' },
    ])
    expect(error).toMatchObject({ code: 'AUTHENTICATION_FAILED', retryable: false })
    expect(error.message).toContain('accessKeyId and sessionToken')
    expect(attempts).toBe(1)
  })

  it('UnrecognizedClientException (missing session token) → AUTHENTICATION_FAILED', async () => {
    const { sessionToken: _token, ...withoutToken } = bed.credential
    const { error } = await readFailure(undefined, [withoutToken])
    expect(error.code).toBe('AUTHENTICATION_FAILED')
  })

  it('InvalidSignatureException (wrong secret key) → AUTHENTICATION_FAILED about the secret key and clock', async () => {
    const { error, attempts } = await readFailure(undefined, [
      { ...bed.credential, secretAccessKey: 'wrong-secret-access-key' },
    ])
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).toContain('secret access key belongs to the access key id')
    expect(attempts).toBe(1)
  })

  it('ExpiredTokenException → AUTHENTICATION_FAILED telling to refresh the keys', async () => {
    const expired = bed.mock.createAccessKey({ temporary: true, expired: true })
    const { error } = await readFailure(undefined, [{ ...bed.credential, ...expired }])
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).toContain('has expired. Get fresh temporary credentials')
  })

  it('AccessDeniedException → ACCESS_DENIED naming the permission', async () => {
    bed.mock.addSecret({ name: 'locked', value: 'x', deniedAccessKeys: [bed.key.accessKeyId] })
    const { error, attempts } = await readFailure('aws://prod/locked')
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', retryable: false })
    expect(error.message).toContain('Grant its identity secretsmanager:GetSecretValue')
    expect(attempts).toBe(1)
  })

  it('DecryptionFailure → ACCESS_DENIED with a KMS hint', async () => {
    bed.mock.addSecret({ name: 'kms', value: 'x', decryptionFailure: true })
    const { error } = await readFailure('aws://prod/kms')
    expect(error.code).toBe('ACCESS_DENIED')
    expect(error.message).toContain('kms:Decrypt')
  })

  it('ThrottlingException → THROTTLED, retryable, after the SDK retried it (3 attempts)', async () => {
    bed.mock.injectFault({ error: 'ThrottlingException', times: Number.POSITIVE_INFINITY })
    const { error, attempts } = await readFailure()
    expect(error).toMatchObject({ code: 'THROTTLED', retryable: true })
    expect(error.message).toContain('after 3 attempts')
    expect(attempts).toBe(3)
  })

  it('a throttle that clears within the attempts is invisible: the value comes back', async () => {
    bed.mock.injectFault({ error: 'ThrottlingException', times: 2 })
    expect(await bed.vault().get('aws://prod/app/api')).toBe('x')
    expect(bed.mock.readCount).toBe(3)
  })

  it('InternalServiceError (HTTP 500) → UNAVAILABLE, retryable, retried', async () => {
    bed.mock.injectFault({ error: 'InternalServiceError', times: Number.POSITIVE_INFINITY })
    const { error, attempts } = await readFailure()
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(error.message).toContain('HTTP 500')
    expect(attempts).toBe(3)
  })

  it('a 503 whose body is not JSON → UNAVAILABLE, retried, without the body in the message', async () => {
    bed.mock.injectFault({
      status: 503,
      body: '<html>proxy says SENTINEL-body</html>',
      times: Number.POSITIVE_INFINITY,
    })
    const { error, attempts } = await readFailure()
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(error.message).toContain('HTTP 503 with a body that is not an AWS response')
    expect(`${error.message} ${String((error.cause as Error).message)}`).not.toContain('SENTINEL-body')
    expect(attempts).toBe(3)
  })

  it('InvalidRequestException for a secret scheduled for deletion → SECRET_NOT_FOUND with the service message', async () => {
    bed.mock.scheduleDeletion('app/api')
    const { error, attempts } = await readFailure()
    expect(error.code).toBe('SECRET_NOT_FOUND')
    expect(error.message).toContain('scheduled for deletion')
    expect(error.message).toContain('marked for deletion')
    expect(attempts).toBe(1)
  })

  it('InvalidRequestException for anything else → INVALID_REFERENCE', async () => {
    bed.mock.injectFault({
      error: 'InvalidRequestException',
      message: 'The secret is managed by another service.',
    })
    const { error } = await readFailure()
    expect(error.code).toBe('INVALID_REFERENCE')
    expect(error.message).toContain('managed by another service')
  })

  it('InvalidParameterException → INVALID_REFERENCE with the service message, not retried', async () => {
    bed.mock.injectFault({
      error: 'InvalidParameterException',
      message: 'You provided an invalid value for a parameter.',
    })
    const { error, attempts } = await readFailure()
    expect(error).toMatchObject({ code: 'INVALID_REFERENCE', retryable: false })
    expect(error.message).toContain('invalid value for a parameter')
    expect(attempts).toBe(1)
  })

  it('an unknown 4xx error type → UNAVAILABLE, not retryable, naming it', async () => {
    bed.mock.injectFault({ error: 'SomethingNewException', message: 'A new kind of failure.' })
    const { error } = await readFailure()
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false })
    expect(error.message).toContain('SomethingNewException')
  })

  it('STS errors of testCredential map the same way', async () => {
    bed.mock.injectFault({
      operation: 'GetCallerIdentity',
      error: 'Throttling',
      times: Number.POSITIVE_INFINITY,
    })
    const error = await vaultFailure(bed.vault().testCredential('prod'))
    expect(error).toMatchObject({ code: 'THROTTLED', provider: 'aws' })
    expect(error.message).toContain('AWS STS')
    expect(bed.mock.calls.filter((call) => call.service === 'sts')).toHaveLength(3)
  })
})

describe('toVaultError on failures the mock cannot produce', () => {
  const credential = parseAwsCredential({
    id: 'prod',
    provider: 'aws',
    type: 'temporary',
    region: 'us-east-1',
    accessKeyId: 'AKIAEXAMPLEEXAMPLE00',
    secretAccessKey: 'SENTINEL-secret-key',
  })
  const context = {
    operation: 'read' as const,
    credential,
    locator: { secretId: 'app/api' },
    region: 'us-east-1',
  }

  it('keeps VaultErrors as they are', () => {
    const original = new VaultError({ code: 'TIMEOUT', message: 'late' })
    expect(toVaultError(original, context)).toBe(original)
  })

  it('maps a missing region to INVALID_CREDENTIAL naming the field', () => {
    const error = toVaultError(new Error('Region is missing'), context)
    expect(error.code).toBe('INVALID_CREDENTIAL')
    expect(error.message).toContain('"region"')
  })

  it('maps credential-provider failures to AUTHENTICATION_FAILED', () => {
    const providerError = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    })
    const error = toVaultError(providerError, {
      ...context,
      credential: parseAwsCredential({ id: 'd', provider: 'aws', type: 'default' }),
    })
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).toContain('AWS_ACCESS_KEY_ID')
  })

  it('maps network errors to UNAVAILABLE and SDK timeouts to TIMEOUT', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })
    expect(toVaultError(refused, { ...context, endpoint: 'http://127.0.0.1:9' })).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      message: expect.stringContaining('(ECONNREFUSED)'),
    })
    const timeout = Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' })
    expect(toVaultError(timeout, context).code).toBe('TIMEOUT')
  })

  it('drops a service message that holds a credential secret, and never keeps the raw SDK error', () => {
    const leaky = Object.assign(new Error('signature for SENTINEL-secret-key did not match'), {
      name: 'InvalidSignatureException',
      $response: { headers: { authorization: 'SENTINEL-secret-key' } },
      $metadata: { httpStatusCode: 400, attempts: 1 },
    })
    const error = toVaultError(leaky, context)
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).not.toContain('SENTINEL')
    expect(Object.keys(error.cause as object)).not.toContain('$response')
    expect(String((error.cause as Error).message)).not.toContain('SENTINEL')
  })
})
