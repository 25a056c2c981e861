import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createVaultServerMock } from './vault-server-mock.js'

const mock = createVaultServerMock()
let passedThrough = 0
// A handler after the mock proves that requests it does not claim (GCP's /v1/projects/…) pass on.
const server = setupServer(
  ...mock.handlers,
  http.all(/.*/, () => {
    passedThrough++
    return HttpResponse.json({ passedThrough: true })
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

const ROOT = 'hvs.mock-root'
const base = 'http://127.0.0.1:8200/v1'

beforeEach(() => {
  mock.reset()
  passedThrough = 0
  mock.enableKv('secret', { version: 2 })
  mock.enableKv('old', { version: 1 })
  mock.enableKv('team/a/kv', { version: 2 })
  mock.createToken({ id: ROOT })
})

/** What these tests read of Vault's bodies (each test checks the parts it reads). */
interface VaultBody {
  data: { data: unknown; metadata: { deletion_time: string } & Record<string, unknown> } & Record<
    string,
    unknown
  >
  warnings: string[]
  errors: string[]
}

async function get(path: string, headers: Record<string, string> = { 'x-vault-token': ROOT }) {
  const response = await fetch(`${base}/${path}`, { headers })
  return { status: response.status, body: (await response.json()) as VaultBody }
}

describe('Vault server mock: KV', () => {
  it('answers a KV v2 read with data, metadata and the response envelope', async () => {
    mock.writeSecret('secret/app', { a: '1' })
    mock.writeSecret('secret/app', { a: '2' })
    const latest = await get('secret/data/app')
    expect(latest.status).toBe(200)
    expect(latest.body).toMatchObject({
      request_id: expect.any(String),
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      wrap_info: null,
      warnings: null,
      auth: null,
      data: {
        data: { a: '2' },
        metadata: {
          version: 2,
          created_time: expect.any(String),
          deletion_time: '',
          destroyed: false,
          custom_metadata: null,
        },
      },
    })
    expect((await get('secret/data/app?version=1')).body.data.data).toEqual({ a: '1' })
    expect((await get('secret/metadata/app')).body.data).toMatchObject({
      current_version: 2,
      versions: { 1: {}, 2: {} },
    })
  })

  it('answers 404 with metadata and no data for deleted and destroyed versions', async () => {
    mock.writeSecret('secret/app', { a: '1' })
    mock.writeSecret('secret/app', { a: '2' })
    mock.deleteVersions('secret/app', [1])
    mock.destroyVersions('secret/app', [2])
    const deleted = await get('secret/data/app?version=1')
    expect(deleted.status).toBe(404)
    expect(deleted.body.data).toEqual({
      data: null,
      metadata: expect.objectContaining({ version: 1, destroyed: false }),
    })
    expect(deleted.body.data.metadata.deletion_time).not.toBe('')
    const destroyed = await get('secret/data/app')
    expect(destroyed.status).toBe(404)
    expect(destroyed.body.data.metadata).toMatchObject({ version: 2, destroyed: true })
  })

  it('answers {"errors": []} with 404 for a missing secret or version', async () => {
    mock.writeSecret('secret/app', { a: '1' })
    expect(await get('secret/data/none')).toEqual({ status: 404, body: { errors: [] } })
    expect(await get('secret/data/app?version=5')).toEqual({ status: 404, body: { errors: [] } })
  })

  it('warns about a versioned mount read without /data/', async () => {
    mock.writeSecret('secret/app', { a: '1' })
    const wrong = await get('secret/app')
    expect(wrong.status).toBe(404)
    expect(wrong.body.warnings[0]).toContain('Invalid path for a versioned K/V secrets engine')
  })

  it('reads KV v1 at <mount>/<path>, keeping only the latest write, with the default lease', async () => {
    expect(mock.writeSecret('old/app', { a: '1' })).toBe(1)
    expect(mock.writeSecret('old/app', { a: '2' })).toBe(1)
    expect(await get('old/app')).toMatchObject({
      status: 200,
      body: { data: { a: '2' }, lease_duration: 2764800 },
    })
  })

  it('reads nested mounts by the longest mount prefix', async () => {
    mock.writeSecret('team/a/kv/svc', { u: 'x' })
    expect((await get('team/a/kv/data/svc')).body.data.data).toEqual({ u: 'x' })
  })

  it('refuses writes with 405', async () => {
    const response = await fetch(`${base}/secret/data/app`, {
      method: 'POST',
      headers: { 'x-vault-token': ROOT },
      body: '{}',
    })
    expect(response.status).toBe(405)
  })
})

describe('Vault server mock: tokens and policies', () => {
  it('answers 403 "permission denied" without a token and "invalid token" for an unknown one', async () => {
    expect(await get('secret/data/app', {})).toEqual({ status: 403, body: { errors: ['permission denied'] } })
    const unknown = await get('secret/data/app', { 'x-vault-token': 'hvs.unknown' })
    expect(unknown).toEqual({
      status: 403,
      body: { errors: ['2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n'] },
    })
  })

  it('accepts Authorization: Bearer as well', async () => {
    mock.writeSecret('secret/app', { a: '1' })
    expect((await get('secret/data/app', { authorization: `Bearer ${ROOT}` })).status).toBe(200)
  })

  it('applies allow and deny globs', async () => {
    mock.writeSecret('secret/app', { a: '1' })
    mock.writeSecret('secret/other', { a: '1' })
    mock.createToken({ id: 'hvs.narrow', allow: ['secret/data/+'], deny: ['secret/data/other'] })
    expect((await get('secret/data/app', { 'x-vault-token': 'hvs.narrow' })).status).toBe(200)
    expect(await get('secret/data/other', { 'x-vault-token': 'hvs.narrow' })).toEqual({
      status: 403,
      body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] },
    })
  })

  it('describes a token with lookup-self, and renew-self extends it', async () => {
    mock.createToken({ id: 'hvs.ttl', ttl: 300 })
    const lookup = await get('auth/token/lookup-self', { 'x-vault-token': 'hvs.ttl' })
    expect(lookup.body.data).toMatchObject({
      id: 'hvs.ttl',
      ttl: 300,
      renewable: true,
      expire_time: expect.any(String),
    })
    const renewed = await fetch(`${base}/auth/token/renew-self`, {
      method: 'POST',
      headers: { 'x-vault-token': 'hvs.ttl' },
    })
    expect(((await renewed.json()) as { auth: { lease_duration: number } }).auth.lease_duration).toBe(300)
    expect((await get('auth/token/lookup-self')).body.data).toMatchObject({ ttl: 0, expire_time: null })
  })

  it('logs in with AppRole and answers Vault’s 400s', async () => {
    mock.createAppRole({ roleId: 'r', secretId: 's', tokenTtl: 120 })
    const login = (body: string) => fetch(`${base}/auth/approle/login`, { method: 'POST', body })
    const ok = (await (await login('{"role_id":"r","secret_id":"s"}')).json()) as {
      auth: Record<string, unknown>
    }
    expect(ok.auth).toMatchObject({
      client_token: expect.stringMatching(/^hvs\./),
      lease_duration: 120,
      renewable: true,
      accessor: expect.any(String),
    })
    expect(
      (await get('auth/token/lookup-self', { 'x-vault-token': ok.auth.client_token as string })).status,
    ).toBe(200)
    for (const [body, message] of [
      ['{"role_id":"r","secret_id":"x"}', 'invalid role or secret ID'],
      ['{"secret_id":"s"}', 'missing role_id'],
      ['not json', 'failed to parse JSON input: invalid character'],
    ]) {
      const response = await login(body as string)
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual({ errors: [message] })
    }
    expect(mock.calls.filter((call) => call.kind === 'login')).toHaveLength(4)
  })

  it('keeps namespaces apart: mounts, secrets and tokens', async () => {
    mock.enableKv('secret', { namespace: 'admin' })
    mock.writeSecret('secret/app', { where: 'admin' }, { namespace: 'admin' })
    mock.writeSecret('secret/app', { where: 'root' })
    mock.createToken({ id: 'hvs.admin', namespace: 'admin' })
    const inAdmin = await get('secret/data/app', {
      'x-vault-token': 'hvs.admin',
      'x-vault-namespace': 'admin/',
    })
    expect(inAdmin.body.data.data).toEqual({ where: 'admin' })
    expect((await get('secret/data/app', { 'x-vault-token': 'hvs.admin' })).status).toBe(403)
    // A root-namespace token reaches child namespaces.
    expect(
      (await get('secret/data/app', { 'x-vault-token': ROOT, 'x-vault-namespace': 'admin' })).body.data.data,
    ).toEqual({ where: 'admin' })
    expect(mock.calls[0]).toMatchObject({ namespace: 'admin', kind: 'kv-read', hasToken: true, status: 200 })
  })
})

describe('Vault server mock: mount lookup', () => {
  it('describes the mount holding a path, nested mounts included', async () => {
    const nested = await get('sys/internal/ui/mounts/team/a/kv/some/secret')
    expect(nested.body.data).toMatchObject({ path: 'team/a/kv/', type: 'kv', options: { version: '2' } })
    expect((await get('sys/internal/ui/mounts/old/x')).body.data).toMatchObject({
      path: 'old/',
      options: { version: '1' },
    })
  })

  it('answers 403 for a path in no mount, outside the token’s policy, or denied outright', async () => {
    expect((await get('sys/internal/ui/mounts/nowhere/x')).body.errors[0]).toContain(
      'preflight capability check returned 403',
    )
    mock.createToken({ id: 'hvs.team', allow: ['team/*'] })
    expect((await get('sys/internal/ui/mounts/secret/x', { 'x-vault-token': 'hvs.team' })).status).toBe(403)
    expect((await get('sys/internal/ui/mounts/team/a/kv/x', { 'x-vault-token': 'hvs.team' })).status).toBe(
      200,
    )
    mock.createToken({ id: 'hvs.nolookup', deny: ['sys/internal/ui/mounts/*'] })
    expect((await get('sys/internal/ui/mounts/secret/x', { 'x-vault-token': 'hvs.nolookup' })).status).toBe(
      403,
    )
  })
})

describe('Vault server mock: routing, calls and faults', () => {
  it('leaves requests that are not Vault’s to other handlers', async () => {
    await fetch('http://127.0.0.1:8300/v1/projects/p/secrets/s/versions/latest:access')
    expect(passedThrough).toBe(1)
    expect(mock.calls).toHaveLength(0)
  })

  it('answers only its own origin when given one', async () => {
    const pinned = createVaultServerMock({ origin: 'http://127.0.0.1:8200' })
    pinned.enableKv('secret')
    server.use(...pinned.handlers)
    await fetch('http://127.0.0.1:9999/v1/secret/data/x', { headers: { 'x-vault-token': ROOT } })
    expect(pinned.calls).toHaveLength(0)
    server.resetHandlers()
  })

  it('records calls without the token, and applies faults by count and match', async () => {
    mock.writeSecret('secret/app', { a: '1' })
    mock.failNext({ status: 503, count: 2, match: (call) => call.kind === 'kv-read' })
    expect((await get('secret/data/app')).body).toEqual({ errors: ['Vault is sealed'] })
    expect((await get('sys/internal/ui/mounts/secret/app')).status).toBe(200)
    expect((await get('secret/data/app')).status).toBe(503)
    expect((await get('secret/data/app')).status).toBe(200)
    expect(mock.calls.map((call) => call.status)).toEqual([503, 200, 503, 200])
    expect(JSON.stringify(mock.calls)).not.toContain(ROOT)
    mock.failNext({ network: true })
    await expect(fetch(`${base}/secret/data/app`)).rejects.toThrow()
    mock.failNext({ latency: 5 })
    expect((await get('secret/data/app')).status).toBe(200)
  })
})
