import { createVault, type VaultErrorCode } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import { describe, expect, it } from 'vitest'
import { responseError, serverDetail } from './error-mapping.js'
import {
  appRoleCredential,
  cloudCredential,
  testProvider,
  tokenCredential,
  useMocks,
} from './test-support/fixtures.js'

const { vault, hcp } = useMocks()

// retry: 2 → at most three attempts per request.
const client = () =>
  createVault({
    providers: [testProvider({ retry: 2 })],
    credentials: [tokenCredential(), cloudCredential()],
  })
const VAULT_REF = 'hashicorp://vault/secret/app/db?engine=kv2'
const HCP_REF = 'hashicorp://hcp/org-1/proj-1/web/api_key'
const vaultReads = () => vault.calls.filter((call) => call.kind === 'kv-read')
const hcpOpens = () => hcp.calls.filter((call) => call.kind === 'open')

describe('Vault status → error code, with Vault’s errors[] in the message', () => {
  const cases: Array<[number, string[], VaultErrorCode, number, string]> = [
    [400, ['invalid version parameter'], 'INVALID_REFERENCE', 1, 'Check the path and options'],
    [403, ['1 error occurred:\n\t* permission denied\n\n'], 'ACCESS_DENIED', 1, 'Give the token'],
    [
      403,
      ['2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n'],
      'AUTHENTICATION_FAILED',
      1,
      'Update it',
    ],
    [404, [], 'SECRET_NOT_FOUND', 1, 'Check the path'],
    [405, ['unsupported operation'], 'INVALID_REFERENCE', 1, 'Check the path and options'],
    [429, ['rate limit quota exceeded'], 'THROTTLED', 3, 'wait a moment'],
    [500, ['internal error'], 'UNAVAILABLE', 3, "check the server's health"],
    [502, ['bad gateway'], 'UNAVAILABLE', 3, "check the server's health"],
    [503, ['Vault is sealed'], 'UNAVAILABLE', 3, "check the server's health"],
  ]
  for (const [status, errors, code, attempts, advice] of cases) {
    it(`${status} → ${code} after ${attempts} attempt(s)`, async () => {
      vault.failNext({ status, body: { errors }, count: 5, match: (call) => call.kind === 'kv-read' })
      const error = await vaultFailure(client().get(VAULT_REF))
      expect(error.code).toBe(code)
      expect(error.provider).toBe('hashicorp')
      expect(error.message).toContain(advice)
      for (const text of errors) expect(error.message).toContain(serverDetail({ errors: [text] }, []))
      expect(vaultReads()).toHaveLength(attempts)
      expect(error.retryable).toBe(code === 'THROTTLED' || code === 'UNAVAILABLE')
    })
  }

  it('recovers when a retried failure clears up', async () => {
    vault.failNext({ status: 503, count: 2, match: (call) => call.kind === 'kv-read' })
    expect(await client().get(`${VAULT_REF}#username`)).toBe('app-user')
    expect(vaultReads().map((call) => call.status)).toEqual([503, 503, 200])
  })

  it('retries a dropped connection, then answers UNAVAILABLE naming the address', async () => {
    vault.failNext({ network: true, count: 3, match: (call) => call.kind === 'kv-read' })
    const error = await vaultFailure(client().get(VAULT_REF))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toContain('Could not reach Vault at http://127.0.0.1:8200')
    expect(error.message).toContain('after 3 attempts')
    expect(vaultReads()).toHaveLength(3)
  })

  it('with retry: 0 makes a single attempt', async () => {
    vault.failNext({ status: 503, count: 5 })
    const single = createVault({ providers: [testProvider({ retry: 0 })], credentials: [tokenCredential()] })
    expect((await vaultFailure(single.get(VAULT_REF))).code).toBe('UNAVAILABLE')
    expect(vaultReads()).toHaveLength(1)
  })

  it('retries the mount lookup and the AppRole login the same way', async () => {
    vault.failNext({ status: 503, count: 2, match: (call) => call.kind === 'mounts' })
    vault.failNext({ status: 429, count: 2, match: (call) => call.kind === 'login' })
    const withAppRole = createVault({
      providers: [testProvider({ retry: 2 })],
      credentials: [appRoleCredential()],
    })
    expect(await withAppRole.get('hashicorp://approle/secret/app/db#username')).toBe('app-user')
    const statuses = (kind: string) =>
      vault.calls.filter((call) => call.kind === kind).map((call) => call.status)
    expect(statuses('login')).toEqual([429, 429, 200])
    expect(statuses('mounts')).toEqual([503, 503, 200])
  })

  it('reads as an unexpected answer a 200 whose body is not Vault’s', async () => {
    vault.failNext({ status: 200, body: { hello: 'proxy' }, match: (call) => call.kind === 'kv-read' })
    const error = await vaultFailure(client().get(VAULT_REF))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toContain('does not understand')
  })
})

describe('HCP status → error code, with HCP’s message', () => {
  const cases: Array<[number, number, VaultErrorCode, number]> = [
    [400, 3, 'INVALID_REFERENCE', 1],
    [403, 7, 'ACCESS_DENIED', 1],
    [404, 5, 'SECRET_NOT_FOUND', 1],
    [429, 8, 'THROTTLED', 3],
    [500, 13, 'UNAVAILABLE', 3],
    [503, 14, 'UNAVAILABLE', 3],
  ]
  for (const [status, grpc, code, attempts] of cases) {
    it(`${status} (gRPC ${grpc}) → ${code} after ${attempts} attempt(s)`, async () => {
      hcp.failNext({
        status,
        count: 5,
        body: { code: grpc, message: `hcp said ${status}`, details: [] },
        match: (call) => call.kind === 'open',
      })
      const error = await vaultFailure(client().get(HCP_REF))
      expect(error.code).toBe(code)
      expect(error.message).toContain(`hcp said ${status}`)
      expect(hcpOpens()).toHaveLength(attempts)
    })
  }

  it('retries the token endpoint on 503 and maps its RFC 6749 error', async () => {
    hcp.failNext({ status: 503, count: 5, match: (call) => call.kind === 'token' })
    const error = await vaultFailure(client().get(HCP_REF))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toContain('server_error')
    expect(hcp.calls.filter((call) => call.kind === 'token')).toHaveLength(3)
  })
})

describe('responseError', () => {
  it('masks the token the request carried, as well as the credential’s own secrets', () => {
    const response = {
      status: 403,
      headers: new Headers(),
      json: { errors: ['login-token hvs.LOGIN-1234 and secret id sid-5678 refused'] },
      attempts: 1,
      sent: ['hvs.LOGIN-1234'],
    }
    const error = responseError(response, { service: 'Vault', action: 'to a read', secrets: ['sid-5678'] })
    expect(error.message).toContain('login-token •••••• and secret id •••••• refused')
  })
})

describe('serverDetail', () => {
  it('flattens Vault’s multi-error text', () => {
    expect(
      serverDetail({ errors: ['2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n'] }, []),
    ).toBe('permission denied; invalid token')
  })

  it('reads HCP’s message and OAuth’s error and description', () => {
    expect(serverDetail({ code: 5, message: 'secret not found', details: [] }, [])).toBe('secret not found')
    expect(serverDetail({ error: 'invalid_client', error_description: 'nope' }, [])).toBe(
      'invalid_client: nope',
    )
  })

  it('masks any credential value the server echoes, and caps the length', () => {
    const detail = serverDetail({ errors: [`token hvs.ECHOED-1234 rejected ${'x'.repeat(400)}`] }, [
      'hvs.ECHOED-1234',
    ])
    expect(detail).not.toContain('hvs.ECHOED-1234')
    expect(detail?.length).toBeLessThanOrEqual(301)
  })

  it('gives nothing for bodies that are not error bodies', () => {
    expect(serverDetail(undefined, [])).toBeUndefined()
    expect(serverDetail({ errors: [] }, [])).toBeUndefined()
    expect(serverDetail('text', [])).toBeUndefined()
  })
})
