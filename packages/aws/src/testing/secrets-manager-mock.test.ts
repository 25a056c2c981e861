import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSecretsManagerMock, type MockAccessKey } from './index.js'

const mock = createSecretsManagerMock({ regions: ['us-east-1', 'eu-west-1'] })
const server = setupServer(...mock.handlers)
let key: MockAccessKey

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  mock.reset()
  key = mock.createAccessKey({ temporary: true })
})

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

function client(config: Partial<SecretsManagerClientConfig> & { credentials?: Credentials } = {}) {
  return new SecretsManagerClient({ region: 'us-east-1', credentials: key, maxAttempts: 1, ...config })
}

async function read(
  input: { SecretId: string; VersionId?: string; VersionStage?: string },
  config?: Partial<SecretsManagerClientConfig> & { credentials?: Credentials },
): Promise<GetSecretValueCommandOutput> {
  return client(config).send(new GetSecretValueCommand(input))
}

async function failure(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a failure')
}

type Middleware = Parameters<SecretsManagerClient['middlewareStack']['addRelativeTo']>[0]
type Tamper = (request: { headers: Record<string, string>; body: unknown }) => void

/** A client whose request is changed by `tamper` after signing (or before, with `beforeSigning`). */
function tampered(tamper: Tamper, beforeSigning = false) {
  const sdk = client()
  const middleware =
    (next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
      tamper(args.request as Parameters<Tamper>[0])
      return next(args)
    }
  sdk.middlewareStack.addRelativeTo(middleware as unknown as Middleware, {
    relation: beforeSigning ? 'before' : 'after',
    toMiddleware: 'httpSigningMiddleware',
    name: 'tamper',
  })
  return sdk
}

function lastCall() {
  return mock.calls[mock.calls.length - 1]
}

describe('GetSecretValue through the real SDK', () => {
  it('serves AWSCURRENT, AWSPREVIOUS, a version id and a custom stage', async () => {
    const seeded = mock.addSecret({
      name: 'db/creds',
      versions: ['v1', 'v2', { value: 'v3', stages: ['AWSPENDING'] }, 'v4'],
    })
    expect((await read({ SecretId: 'db/creds' })).SecretString).toBe('v4')
    expect((await read({ SecretId: 'db/creds', VersionStage: 'AWSPREVIOUS' })).SecretString).toBe('v2')
    expect((await read({ SecretId: 'db/creds', VersionStage: 'AWSPENDING' })).SecretString).toBe('v3')
    const first = seeded.versions[0]?.versionId as string
    const out = await read({ SecretId: 'db/creds', VersionId: first })
    expect(out).toMatchObject({
      SecretString: 'v1',
      VersionId: first,
      Name: 'db/creds',
      ARN: seeded.arn,
      VersionStages: [],
    })
    expect(out.CreatedDate).toBeInstanceOf(Date)
  })

  it('moves AWSCURRENT and AWSPREVIOUS on putSecretValue, as PutSecretValue does', async () => {
    mock.addSecret({ name: 'api', versions: ['a', 'b'] })
    mock.putSecretValue('api', 'c')
    expect((await read({ SecretId: 'api' })).SecretString).toBe('c')
    expect((await read({ SecretId: 'api', VersionStage: 'AWSPREVIOUS' })).SecretString).toBe('b')
  })

  it('returns binary secrets as SecretBinary bytes', async () => {
    mock.addSecret({ name: 'cert', value: new Uint8Array([0, 255, 7]) })
    const out = await read({ SecretId: 'cert' })
    expect(out.SecretString).toBeUndefined()
    expect([...(out.SecretBinary ?? [])]).toEqual([0, 255, 7])
  })

  it('finds a secret by name, full ARN and partial ARN, only in its own region', async () => {
    const { arn } = mock.addSecret({ name: 'a+b=c.d@e-f/g', value: 'x', region: 'eu-west-1' })
    const eu = { region: 'eu-west-1' }
    expect((await read({ SecretId: 'a+b=c.d@e-f/g' }, eu)).SecretString).toBe('x')
    expect((await read({ SecretId: arn }, eu)).SecretString).toBe('x')
    expect((await read({ SecretId: arn.slice(0, -7) }, eu)).SecretString).toBe('x')
    const elsewhere = await failure(read({ SecretId: 'a+b=c.d@e-f/g' }))
    expect(elsewhere.name).toBe('ResourceNotFoundException')
  })

  it('answers ResourceNotFoundException for a missing secret, version or stage', async () => {
    mock.addSecret({ name: 'api', value: 'x' })
    for (const input of [
      { SecretId: 'nope' },
      { SecretId: 'api', VersionStage: 'AWSPREVIOUS' },
      { SecretId: 'api', VersionId: '00000000-0000-0000-0000-000000000000' },
    ]) {
      const error = await failure(read(input))
      expect(error.name).toBe('ResourceNotFoundException')
      expect(error.$metadata?.httpStatusCode).toBe(400)
    }
    expect(mock.readCount).toBe(3)
  })

  it('validates parameters as the service does', async () => {
    mock.addSecret({ name: 'api', value: 'x' })
    const short = await failure(read({ SecretId: 'api', VersionId: 'short' }))
    expect(short.name).toBe('ValidationException')
    expect(short.message).toContain('versionId')
  })

  it('answers InvalidRequestException, DecryptionFailure and AccessDeniedException per secret state', async () => {
    mock.addSecret({ name: 'gone', value: 'x' })
    mock.scheduleDeletion('gone')
    mock.addSecret({ name: 'kms', value: 'x', decryptionFailure: true })
    mock.addSecret({ name: 'locked', value: 'x', deniedAccessKeys: [key.accessKeyId] })
    expect((await failure(read({ SecretId: 'gone' }))).message).toContain('marked for deletion')
    expect((await failure(read({ SecretId: 'gone' }))).name).toBe('InvalidRequestException')
    expect((await failure(read({ SecretId: 'kms' }))).name).toBe('DecryptionFailure')
    const denied = await failure(read({ SecretId: 'locked' }))
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.message).toContain('secretsmanager:GetSecretValue')
  })

  it('records every call with its parameters and answer, never a secret', async () => {
    mock.addSecret({ name: 'api', value: 'SENTINEL-value-123' })
    await read({ SecretId: 'api', VersionStage: 'AWSCURRENT' })
    await failure(read({ SecretId: 'nope' }))
    expect(mock.calls).toEqual([
      {
        service: 'secretsmanager',
        operation: 'GetSecretValue',
        region: 'us-east-1',
        accessKeyId: key.accessKeyId,
        input: { SecretId: 'api', VersionStage: 'AWSCURRENT' },
        status: 200,
      },
      expect.objectContaining({
        input: { SecretId: 'nope' },
        status: 400,
        errorType: 'ResourceNotFoundException',
      }),
    ])
    expect(JSON.stringify(mock.calls)).not.toContain('SENTINEL')
    expect(JSON.stringify(mock.calls)).not.toContain(key.secretAccessKey)
  })
})

describe('what the service accepts', () => {
  beforeEach(() => {
    mock.addSecret({ name: 'api', value: 'x' })
  })

  it('rejects an unsigned request with MissingAuthenticationTokenException, as JSON with x-amzn-ErrorType', async () => {
    const response = await fetch('https://secretsmanager.us-east-1.amazonaws.com/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
      body: '{"SecretId":"api"}',
    })
    expect(response.status).toBe(403)
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1')
    expect(await response.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    })
  })

  it('rejects an Authorization header without a signature (IncompleteSignatureException)', async () => {
    const sdk = tampered((request) => {
      request.headers.authorization = (request.headers.authorization as string).replace(/, Signature=.*$/, '')
    })
    const error = await failure(sdk.send(new GetSecretValueCommand({ SecretId: 'api' })))
    expect(error.name).toBe('IncompleteSignatureException')
  })

  it('rejects a body changed after signing (InvalidSignatureException)', async () => {
    const sdk = tampered((request) => {
      request.body = '{"SecretId":"other"}'
    })
    expect((await failure(sdk.send(new GetSecretValueCommand({ SecretId: 'api' })))).name).toBe(
      'InvalidSignatureException',
    )
  })

  it('rejects a wrong secret access key with InvalidSignatureException, as AWS does', async () => {
    const error = await failure(
      read(
        { SecretId: 'api' },
        { credentials: { ...key, secretAccessKey: `${key.secretAccessKey.slice(1)}x` } },
      ),
    )
    expect(error.name).toBe('InvalidSignatureException')
    expect(error.message).toContain('Check your AWS Secret Access Key')
  })

  it('rejects an unknown access key, a missing session token and a wrong one (UnrecognizedClientException)', async () => {
    const unknown = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'whatever-secret-key' }
    expect((await failure(read({ SecretId: 'api' }, { credentials: unknown }))).name).toBe(
      'UnrecognizedClientException',
    )
    const withoutToken = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }
    expect((await failure(read({ SecretId: 'api' }, { credentials: withoutToken }))).name).toBe(
      'UnrecognizedClientException',
    )
    const wrongToken = { ...key, sessionToken: `${key.sessionToken}x` }
    expect((await failure(read({ SecretId: 'api' }, { credentials: wrongToken }))).name).toBe(
      'UnrecognizedClientException',
    )
  })

  it('accepts a permanent key without a token, and answers ExpiredTokenException for an expired one', async () => {
    const permanent = mock.createAccessKey()
    expect(permanent.sessionToken).toBeUndefined()
    expect((await read({ SecretId: 'api' }, { credentials: permanent })).SecretString).toBe('x')
    const expired = mock.createAccessKey({ temporary: true, expired: true })
    expect((await failure(read({ SecretId: 'api' }, { credentials: expired }))).name).toBe(
      'ExpiredTokenException',
    )
  })

  it('rejects a signature scoped to another region than the endpoint serves', async () => {
    const error = await failure(
      read(
        { SecretId: 'api' },
        { region: 'eu-west-1', endpoint: 'https://secretsmanager.us-east-1.amazonaws.com' },
      ),
    )
    expect(error.name).toBe('InvalidSignatureException')
    expect(error.message).toContain('valid region')
  })

  it('rejects a signature scoped to another service', async () => {
    const sts = new STSClient({
      region: 'us-east-1',
      credentials: key,
      maxAttempts: 1,
      endpoint: 'https://secretsmanager.us-east-1.amazonaws.com',
    })
    await failure(sts.send(new GetCallerIdentityCommand({})))
    expect(lastCall()).toMatchObject({
      service: 'secretsmanager',
      status: 400,
      errorType: 'InvalidSignatureException',
    })
  })

  it('rejects a request signed too far from the server clock', async () => {
    const error = await failure(read({ SecretId: 'api' }, { systemClockOffset: -60 * 60_000 }))
    expect(error.name).toBe('InvalidSignatureException')
    expect(error.message).toContain('Signature expired')
  })

  it('rejects a signed request with the wrong content type or target (UnknownOperationException)', async () => {
    const json = tampered((request) => {
      request.headers['content-type'] = 'application/json'
    }, true)
    expect((await failure(json.send(new GetSecretValueCommand({ SecretId: 'api' })))).name).toBe(
      'UnknownOperationException',
    )
    const target = tampered((request) => {
      request.headers['x-amz-target'] = 'kms.GetSecretValue'
    }, true)
    await failure(target.send(new GetSecretValueCommand({ SecretId: 'api' })))
    expect(lastCall()).toMatchObject({ status: 400, errorType: 'UnknownOperationException' })
  })
})

describe('faults', () => {
  beforeEach(() => {
    mock.addSecret({ name: 'api', value: 'x' })
  })

  it('injects an AWS error type a given number of times, then answers normally', async () => {
    mock.injectFault({ error: 'ThrottlingException', times: 2 })
    expect((await failure(read({ SecretId: 'api' }))).name).toBe('ThrottlingException')
    expect((await failure(read({ SecretId: 'api' }))).name).toBe('ThrottlingException')
    expect((await read({ SecretId: 'api' })).SecretString).toBe('x')
    expect(mock.calls.map((call) => call.errorType)).toEqual([
      'ThrottlingException',
      'ThrottlingException',
      undefined,
    ])
  })

  it('sends InternalServiceError as HTTP 500 and honours a given status', async () => {
    mock.injectFault({ error: 'InternalServiceError' })
    const server500 = await failure(read({ SecretId: 'api' }))
    expect(server500.name).toBe('InternalServiceError')
    expect(server500.$metadata?.httpStatusCode).toBe(500)
    mock.injectFault({ error: 'ServiceUnavailable', status: 503 })
    expect((await failure(read({ SecretId: 'api' }))).$metadata?.httpStatusCode).toBe(503)
  })

  it('sends a raw non-JSON body, as a proxy does', async () => {
    mock.injectFault({ status: 502, body: '<html>Bad Gateway</html>' })
    const error = await failure(read({ SecretId: 'api' }))
    expect(error.name).toBe('SyntaxError')
    expect(error.$metadata?.httpStatusCode).toBe(502)
  })

  it('applies to the named operation only', async () => {
    mock.injectFault({ operation: 'GetCallerIdentity', error: 'ThrottlingException' })
    expect((await read({ SecretId: 'api' })).SecretString).toBe('x')
    const sts = new STSClient({ region: 'us-east-1', credentials: key, maxAttempts: 1 })
    expect((await failure(sts.send(new GetCallerIdentityCommand({})))).name).toBe('ThrottlingException')
  })

  it('holds a delayed answer back while later requests are answered', async () => {
    mock.injectFault({ latency: 300 })
    const order: string[] = []
    const slow = read({ SecretId: 'api' }).then(() => order.push('delayed'))
    await vi.waitFor(() => expect(mock.calls).toHaveLength(1))
    await read({ SecretId: 'api' }).then(() => order.push('prompt'))
    await slow
    expect(order).toEqual(['prompt', 'delayed'])
  })

  it('applies a fault only to requests that passed authentication', async () => {
    mock.injectFault({ error: 'ThrottlingException' })
    const unknown = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'whatever-secret-key' }
    expect((await failure(read({ SecretId: 'api' }, { credentials: unknown }))).name).toBe(
      'UnrecognizedClientException',
    )
    expect((await failure(read({ SecretId: 'api' }))).name).toBe('ThrottlingException')
  })
})

describe('STS GetCallerIdentity', () => {
  function sts(credentials: Credentials = key) {
    return new STSClient({ region: 'us-east-1', credentials, maxAttempts: 1 })
  }

  it('answers the caller identity for a known key', async () => {
    const out = await sts().send(new GetCallerIdentityCommand({}))
    expect(out).toMatchObject({ Account: mock.accountId, Arn: expect.stringContaining('assumed-role') })
    expect(out.UserId).toMatch(/^AROA/)
    expect(lastCall()).toMatchObject({ service: 'sts', operation: 'GetCallerIdentity', status: 200 })
    expect(mock.readCount).toBe(0)
  })

  it('answers Query-protocol errors: InvalidClientTokenId, SignatureDoesNotMatch, ExpiredToken', async () => {
    const unknown = await failure(
      sts({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'whatever-secret-key' }).send(
        new GetCallerIdentityCommand({}),
      ),
    )
    expect(unknown.name).toBe('InvalidClientTokenId')
    expect(unknown.$metadata?.httpStatusCode).toBe(403)
    const badSecret = await failure(
      sts({ ...key, secretAccessKey: 'wrong-secret-access-key' }).send(new GetCallerIdentityCommand({})),
    )
    expect(badSecret.name).toBe('SignatureDoesNotMatch')
    const expired = mock.createAccessKey({ temporary: true, expired: true })
    expect((await failure(sts(expired).send(new GetCallerIdentityCommand({})))).name).toBe('ExpiredToken')
  })
})
