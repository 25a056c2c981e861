import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { crc32c } from '../crc32c.js'
import { API_V1, API_V2, createGcpFixture, PROJECT, PROJECT_NUMBER } from '../test-support/gcp-fixture.js'
import { signJwt } from '../test-support/sign-jwt.js'

const fixture = createGcpFixture()
const { mock, key } = fixture
const server = setupServer(...mock.handlers)
const GLOBAL = 'https://secretmanager.googleapis.com'

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => fixture.seed())

/** A request shaped as the 6.x REST client sends it (seen by logging what reaches the mock). */
async function access(
  name: string,
  token: string | null = signJwt(key),
  origin = GLOBAL,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}/v1/${name}:access?$alt=json%3Benum-encoding=int`, {
    headers: {
      'content-type': 'application/json',
      'x-goog-request-params': `name=${encodeURIComponent(name)}`,
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

function payloadText(body: Record<string, unknown>): string {
  const payload = body.payload as { data: string }
  return Buffer.from(payload.data, 'base64').toString('utf8')
}

describe('Secret Manager mock: AccessSecretVersion', () => {
  it('answers with the payload, its CRC32C as a decimal string, and the project number in the name', async () => {
    const { status, body } = await access(`projects/${PROJECT}/secrets/api-key/versions/latest`)
    expect(status).toBe(200)
    expect(body.name).toBe(`projects/${PROJECT_NUMBER}/secrets/api-key/versions/2`)
    expect(payloadText(body)).toBe(API_V2)
    expect((body.payload as { dataCrc32c: string }).dataCrc32c).toBe(
      String(crc32c(new TextEncoder().encode(API_V2))),
    )
  })

  it('resolves version numbers, aliases, and projects given by number', async () => {
    expect(payloadText((await access(`projects/${PROJECT}/secrets/api-key/versions/1`)).body)).toBe(API_V1)
    expect(payloadText((await access(`projects/${PROJECT}/secrets/api-key/versions/stable`)).body)).toBe(
      API_V1,
    )
    const byNumber = await access(`projects/${PROJECT_NUMBER}/secrets/api-key/versions/2`)
    expect(payloadText(byNumber.body)).toBe(API_V2)
  })

  it('serves regional secrets from their regional host only', async () => {
    const name = `projects/${PROJECT}/locations/us-east1/secrets/regional-key/versions/latest`
    const regional = await access(name, signJwt(key), 'https://secretmanager.us-east1.rep.googleapis.com')
    expect(regional.status).toBe(200)
    expect(regional.body.name).toBe(
      `projects/${PROJECT_NUMBER}/locations/us-east1/secrets/regional-key/versions/1`,
    )
    expect((await access(name)).status).toBe(400)
  })

  it('answers errors in Google’s JSON shape with the right HTTP status', async () => {
    const missing = await access(`projects/${PROJECT}/secrets/nope/versions/latest`)
    expect(missing).toEqual({
      status: 404,
      body: {
        error: {
          code: 404,
          message: `Secret [projects/${PROJECT_NUMBER}/secrets/nope] not found or has no versions.`,
          status: 'NOT_FOUND',
        },
      },
    })
    const noVersion = await access(`projects/${PROJECT}/secrets/api-key/versions/9`)
    expect(noVersion.status).toBe(404)
    expect(noVersion.body.error).toMatchObject({ status: 'NOT_FOUND' })
    const unknownProject = await access('projects/nobody-project/secrets/api-key/versions/1')
    expect(unknownProject.status).toBe(403)
    expect(unknownProject.body.error).toMatchObject({ status: 'PERMISSION_DENIED' })
  })

  it('answers FAILED_PRECONDITION for disabled and destroyed versions', async () => {
    const address = { project: PROJECT, secret: 'api-key' }
    mock.setVersionState(address, 1, 'DISABLED')
    mock.setVersionState(address, 2, 'DESTROYED')
    const disabled = await access(`projects/${PROJECT}/secrets/api-key/versions/1`)
    expect(disabled.status).toBe(400)
    expect(disabled.body.error).toMatchObject({
      status: 'FAILED_PRECONDITION',
      message: expect.stringContaining('DISABLED'),
    })
    const latest = await access(`projects/${PROJECT}/secrets/api-key/versions/latest`)
    expect(latest.body.error).toMatchObject({
      status: 'FAILED_PRECONDITION',
      message: expect.stringContaining('DESTROYED'),
    })
  })

  it('adds versions that become latest, and moves aliases', async () => {
    const address = { project: PROJECT, secret: 'api-key' }
    expect(mock.addVersion(address, 'v3-SENTINEL')).toBe(3)
    expect(payloadText((await access(`projects/${PROJECT}/secrets/api-key/versions/latest`)).body)).toBe(
      'v3-SENTINEL',
    )
    mock.setAlias(address, 'stable', 3)
    expect(payloadText((await access(`projects/${PROJECT}/secrets/api-key/versions/stable`)).body)).toBe(
      'v3-SENTINEL',
    )
  })
})

describe('Secret Manager mock: authentication', () => {
  const name = `projects/${PROJECT}/secrets/api-key/versions/1`

  it('requires a Bearer token', async () => {
    const { status, body } = await access(name, null)
    expect(status).toBe(401)
    expect(body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' })
    expect(mock.calls.at(-1)?.authFailure).toBe('no Bearer token')
  })

  it.each([
    ['an opaque token', () => 'ya29.not-a-jwt', 'not a JWT'],
    ['a key it never issued', () => signJwt(fixture.strangerKey), 'unknown kid'],
    [
      'another key’s kid',
      () => signJwt(fixture.strangerKey, {}, { kid: key.private_key_id }),
      'bad signature',
    ],
    ['alg none', () => signJwt(key, {}, { alg: 'none' }), 'alg none is not RS256'],
    ['another iss', () => signJwt(key, { iss: 'someone@else.com' }), 'iss/sub is not the key’s client_email'],
    ['another sub', () => signJwt(key, { sub: 'someone@else.com' }), 'iss/sub is not the key’s client_email'],
    ['an expired token', () => signJwt(key, { exp: Math.floor(Date.now() / 1000) - 10 }), 'expired'],
    [
      'a token living over an hour',
      () => signJwt(key, { exp: Math.floor(Date.now() / 1000) + 7200 }),
      'lives longer than an hour',
    ],
    [
      'no scope and no audience',
      () => signJwt(key, { scope: undefined }),
      'neither the cloud-platform scope nor an audience',
    ],
  ])('rejects %s with 401 UNAUTHENTICATED', async (_case, token, reason) => {
    const { status, body } = await access(name, token())
    expect(status).toBe(401)
    expect(body.error).toMatchObject({ status: 'UNAUTHENTICATED' })
    expect(mock.calls.at(-1)?.authFailure).toBe(reason)
  })

  it('accepts an audience instead of a scope, and records the principal but never the token', async () => {
    const token = signJwt(key, { scope: undefined, aud: 'https://secretmanager.googleapis.com/' })
    expect((await access(name, token)).status).toBe(200)
    const call = mock.calls.at(-1)
    expect(call?.principal).toBe(key.client_email)
    expect(JSON.stringify(mock.calls)).not.toContain(token)
  })

  it('rejects a revoked key, and denies a principal without the role (403)', async () => {
    const other = mock.mintServiceAccountKey({ projectId: PROJECT, account: 'other' })
    mock.deny(other.client_email)
    expect((await access(name, signJwt(other))).body.error).toMatchObject({
      code: 403,
      status: 'PERMISSION_DENIED',
    })
    mock.revokeServiceAccountKey(other.private_key_id)
    expect((await access(name, signJwt(other))).status).toBe(401)
  })

  it('mints keys in Google’s JSON key format', () => {
    expect(Object.keys(key).sort()).toEqual(
      [
        'auth_provider_x509_cert_url',
        'auth_uri',
        'client_email',
        'client_id',
        'client_x509_cert_url',
        'private_key',
        'private_key_id',
        'project_id',
        'token_uri',
        'type',
        'universe_domain',
      ].sort(),
    )
    expect(key).toMatchObject({
      type: 'service_account',
      project_id: PROJECT,
      client_email: `vault-reader@${PROJECT}.iam.gserviceaccount.com`,
    })
    expect(key.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(key.private_key_id).toMatch(/^[0-9a-f]{40}$/)
  })
})

describe('Secret Manager mock: faults and records', () => {
  const name = `projects/${PROJECT}/secrets/api-key/versions/2`

  it('plays a status fault the given number of times, then serves again', async () => {
    mock.injectFault({ status: 503, times: 2 })
    expect((await access(name)).body.error).toMatchObject({ code: 503, status: 'UNAVAILABLE' })
    expect((await access(name)).status).toBe(503)
    expect((await access(name)).status).toBe(200)
    expect(mock.calls.map((call) => call.status)).toEqual([503, 503, 200])
    expect(mock.accessCount).toBe(3)
  })

  it('plays a wrong checksum, a raw non-JSON body, and a named gRPC status', async () => {
    mock.injectFault({ wrongChecksum: true })
    const corrupt = await access(name)
    expect((corrupt.body.payload as { dataCrc32c: string }).dataCrc32c).not.toBe(
      String(crc32c(new TextEncoder().encode(API_V2))),
    )
    mock.injectFault({ status: 502, body: '<html>Bad Gateway</html>' })
    const response = await fetch(`${GLOBAL}/v1/${name}:access`, {
      headers: { authorization: `Bearer ${signJwt(key)}` },
    })
    expect(response.status).toBe(502)
    expect(await response.text()).toBe('<html>Bad Gateway</html>')
    mock.injectFault({ status: 400, grpcStatus: 'FAILED_PRECONDITION', message: 'nope.' })
    expect((await access(name)).body.error).toEqual({
      code: 400,
      message: 'nope.',
      status: 'FAILED_PRECONDITION',
    })
  })

  it('drops queued faults on clearFaults, keeping data and calls', async () => {
    mock.injectFault({ status: 503, times: Number.POSITIVE_INFINITY })
    expect((await access(name)).status).toBe(503)
    mock.clearFaults()
    expect((await access(name)).status).toBe(200)
    expect(mock.calls.map((call) => call.status)).toEqual([503, 200])
  })

  it('applies faults per operation', async () => {
    mock.injectFault({ status: 500, operation: 'listLocations' })
    expect((await access(name)).status).toBe(200)
    const locations = await fetch(`${GLOBAL}/v1/projects/${PROJECT}/locations?pageSize=1`, {
      headers: { authorization: `Bearer ${signJwt(key)}` },
    })
    expect(locations.status).toBe(500)
    expect(mock.calls.map((call) => call.operation)).toEqual(['access', 'listLocations'])
  })

  it('lists locations for a known project, and forgets everything but keys on reset', async () => {
    const headers = { authorization: `Bearer ${signJwt(key)}` }
    const listed = await fetch(`${GLOBAL}/v1/projects/${PROJECT}/locations`, { headers })
    expect(listed.status).toBe(200)
    expect(((await listed.json()) as { locations: unknown[] }).locations.length).toBeGreaterThan(0)
    mock.reset()
    expect(mock.calls).toEqual([])
    const after = await fetch(`${GLOBAL}/v1/projects/${PROJECT}/locations`, { headers })
    expect(after.status).toBe(403)
    expect(mock.calls[0]?.principal).toBe(key.client_email)
  })
})
