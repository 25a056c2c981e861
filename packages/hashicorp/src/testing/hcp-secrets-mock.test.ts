import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createHcpVaultSecretsMock, HCP_MOCK_AUDIENCE } from './hcp-secrets-mock.js'

const mock = createHcpVaultSecretsMock()
const server = setupServer(...mock.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
afterEach(() => {
  vi.useRealTimers()
})

const AUTH = 'http://127.0.0.1:8201/oauth2/token'
const API = 'http://127.0.0.1:8202/secrets/2023-11-28/organizations/o/projects/p/apps/app/secrets'
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

beforeEach(() => {
  mock.reset()
  mock.addServicePrincipal({ clientId: 'cid', clientSecret: 'csecret', tokenTtl: 600 })
  mock.setSecret({ organization: 'o', project: 'p', app: 'app', name: 'key' }, 'v1')
  mock.setSecret({ organization: 'o', project: 'p', app: 'app', name: 'key' }, 'v2')
})

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString()
}

const GOOD = {
  client_id: 'cid',
  client_secret: 'csecret',
  grant_type: 'client_credentials',
  audience: HCP_MOCK_AUDIENCE,
}

async function token(body: string, headers: Record<string, string> = FORM) {
  const response = await fetch(AUTH, { method: 'POST', headers, body })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function open(path: string, accessToken?: string) {
  const headers: Record<string, string> = accessToken ? { authorization: `Bearer ${accessToken}` } : {}
  const response = await fetch(`${API}/${path}`, { headers })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function validToken(): Promise<string> {
  return (await token(form(GOOD))).body.access_token as string
}

describe('HCP mock: token endpoint (client credentials)', () => {
  it('issues a bearer token with expires_in', async () => {
    expect(await token(form(GOOD))).toEqual({
      status: 200,
      body: { access_token: expect.any(String), expires_in: 600, token_type: 'Bearer' },
    })
  })

  it('accepts client authentication with HTTP Basic', async () => {
    const basic = `Basic ${Buffer.from('cid:csecret').toString('base64')}`
    const body = form({ grant_type: 'client_credentials', audience: HCP_MOCK_AUDIENCE })
    expect((await token(body, { ...FORM, authorization: basic })).status).toBe(200)
  })

  const refusals: Array<[string, Record<string, string>, number, string]> = [
    ['no grant_type', { ...GOOD, grant_type: '' }, 400, 'unsupported_grant_type'],
    ['another grant type', { ...GOOD, grant_type: 'password' }, 400, 'unsupported_grant_type'],
    ['a wrong client secret', { ...GOOD, client_secret: 'nope' }, 401, 'invalid_client'],
    ['an unknown client', { ...GOOD, client_id: 'who' }, 401, 'invalid_client'],
    ['another audience', { ...GOOD, audience: 'https://example.invalid' }, 400, 'invalid_request'],
  ]
  for (const [what, fields, status, error] of refusals) {
    it(`answers ${status} ${error} for ${what} (RFC 6749 body)`, async () => {
      const answer = await token(form(fields))
      expect(answer.status).toBe(status)
      expect(answer.body).toEqual({ error, error_description: expect.any(String) })
    })
  }

  it('answers invalid_request when grant_type is missing or the body is not a form', async () => {
    const { grant_type: _grant, ...rest } = GOOD
    expect((await token(form(rest))).body.error).toBe('invalid_request')
    expect((await token(JSON.stringify(GOOD), { 'content-type': 'application/json' })).body.error).toBe(
      'invalid_request',
    )
  })
})

describe('HCP mock: :open endpoints', () => {
  it('opens the latest version with the secret wrapper', async () => {
    const answer = await open('key:open', await validToken())
    expect(answer).toEqual({
      status: 200,
      body: {
        secret: expect.objectContaining({
          name: 'key',
          type: 'kv',
          latest_version: 2,
          static_version: expect.objectContaining({
            version: 2,
            value: 'v2',
            created_at: expect.any(String),
          }),
        }),
      },
    })
  })

  it('opens a version without the wrapper', async () => {
    const answer = await open('key/versions/1:open', await validToken())
    expect(answer.body).toEqual({
      type: 'kv',
      static_version: expect.objectContaining({ version: 1, value: 'v1' }),
    })
  })

  it('answers gRPC-style errors: 401 code 16, 403 code 7, 404 code 5', async () => {
    expect(await open('key:open')).toEqual({
      status: 401,
      body: { code: 16, message: 'Unauthorized', details: [] },
    })
    const accessToken = await validToken()
    expect((await open('nope:open', accessToken)).body).toEqual({
      code: 5,
      message: 'secret not found',
      details: [],
    })
    expect((await open('key/versions/9:open', accessToken)).body.message).toBe('secret version not found')
    mock.addServicePrincipal({ clientId: 'other', clientSecret: 's', organizations: ['elsewhere'] })
    const other = (await token(form({ ...GOOD, client_id: 'other', client_secret: 's' }))).body
      .access_token as string
    expect(await open('key:open', other)).toEqual({
      status: 403,
      body: { code: 7, message: 'permission denied', details: [] },
    })
  })

  it('expires tokens by the clock and on demand', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const accessToken = await validToken()
    vi.advanceTimersByTime(599_000)
    expect((await open('key:open', accessToken)).status).toBe(200)
    vi.advanceTimersByTime(1_000)
    expect((await open('key:open', accessToken)).status).toBe(401)
    const fresh = await validToken()
    mock.expireTokens()
    expect((await open('key:open', fresh)).status).toBe(401)
  })

  it('records calls with the client ID only, and injects faults', async () => {
    const accessToken = await validToken()
    mock.failNext({ status: 503, match: (call) => call.kind === 'open' })
    expect(await open('key:open', accessToken)).toEqual({
      status: 503,
      body: { code: 14, message: 'mock fault 503', details: [] },
    })
    expect(mock.calls.map((call) => [call.kind, call.clientId, call.status])).toEqual([
      ['token', 'cid', 200],
      ['open', 'cid', 503],
    ])
    expect(JSON.stringify(mock.calls)).not.toMatch(/csecret|hcp\./)
  })
})
