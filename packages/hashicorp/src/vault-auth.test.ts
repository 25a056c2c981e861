import { type CloudCredentialInput, createVault } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  appRoleCredential,
  SENTINEL,
  testProvider,
  tokenCredential,
  useMocks,
} from './test-support/fixtures.js'

const { vault } = useMocks()

afterEach(() => {
  vi.useRealTimers()
})

function vaultWith(...credentials: CloudCredentialInput[]) {
  // No cache: every get reaches the provider, so token handling is what is observed.
  return createVault({ providers: [testProvider()], credentials, cache: { ttl: 0 } })
}

const callsOf = (kind: string) => vault.calls.filter((call) => call.kind === kind)

describe('token', () => {
  it('is sent as given in X-Vault-Token', async () => {
    await vaultWith(tokenCredential()).get('hashicorp://vault/secret/app/db')
    const accessors = new Set(vault.calls.map((call) => call.accessor))
    expect(accessors.size).toBe(1)
    expect([...accessors][0]).toEqual(expect.any(String))
    expect(callsOf('login')).toHaveLength(0)
  })

  it('answers AUTHENTICATION_FAILED once it has expired (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vault.createToken({ id: 'hvs.short-lived', ttl: 60 })
    const client = vaultWith(tokenCredential({ auth: { method: 'token', token: 'hvs.short-lived' } }))
    expect(await client.get('hashicorp://vault/secret/app/db#username')).toBe('app-user')
    vi.advanceTimersByTime(61_000)
    const error = await vaultFailure(client.get('hashicorp://vault/secret/app/db#username'))
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).toContain('invalid token')
    expect(error.message).toContain('Update it under Cloud Credentials')
  })

  it('answers AUTHENTICATION_FAILED once revoked, and is never replaced by a login', async () => {
    vault.createToken({ id: 'hvs.to-revoke' })
    const client = vaultWith(tokenCredential({ auth: { method: 'token', token: 'hvs.to-revoke' } }))
    await client.get('hashicorp://vault/secret/app/db')
    vault.revokeToken('hvs.to-revoke')
    const error = await vaultFailure(client.get('hashicorp://vault/secret/app/api'))
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(callsOf('login')).toHaveLength(0)
  })

  it('answers ACCESS_DENIED, naming the policy path, when the token may not read the secret', async () => {
    vault.createToken({ id: 'hvs.limited', allow: ['secret/data/app/api'] })
    const client = vaultWith(tokenCredential({ auth: { method: 'token', token: 'hvs.limited' } }))
    const error = await vaultFailure(client.get('hashicorp://vault/secret/app/db'))
    expect(error.code).toBe('ACCESS_DENIED')
    expect(error.message).toContain('Give the token\'s policy "read" on secret/data/app/db')
    expect(await client.get('hashicorp://vault/secret/app/api#token')).toBe(SENTINEL.apiV2)
  })
})

describe('AppRole', () => {
  it('logs in on first use and reuses the token', async () => {
    const client = vaultWith(appRoleCredential())
    await client.get('hashicorp://approle/secret/app/db')
    await client.get('hashicorp://approle/secret/app/api')
    await client.get('hashicorp://approle/kv1/legacy/config')
    expect(callsOf('login').map((call) => [call.method, call.path])).toEqual([['POST', 'auth/approle/login']])
    const reads = vault.calls.filter((call) => call.kind !== 'login')
    expect(new Set(reads.map((call) => call.accessor)).size).toBe(1)
  })

  it('shares one login between concurrent first requests', async () => {
    const client = vaultWith(appRoleCredential())
    const references = [
      'hashicorp://approle/secret/app/db#username',
      'hashicorp://approle/secret/app/api#token',
      'hashicorp://approle/kv1/legacy/config#key',
      'hashicorp://approle/team/a/kv/service/creds#user',
      'hashicorp://approle/secret/app/api?version=1#token',
    ]
    const values = await Promise.all(references.map((reference) => client.get(reference)))
    expect(values).toEqual(['app-user', SENTINEL.apiV2, SENTINEL.legacyKey, 'svc', SENTINEL.apiV1])
    expect(callsOf('login')).toHaveLength(1)
  })

  it('logs in again shortly before the lease ends (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vault.createAppRole({ roleId: 'short-role', secretId: 'short-secret', tokenTtl: 600 })
    const client = vaultWith(
      appRoleCredential({ auth: { method: 'app-role', roleId: 'short-role', secretId: 'short-secret' } }),
    )
    await client.get('hashicorp://approle/secret/app/db')
    vi.advanceTimersByTime(530_000) // 70 s left: still used
    await client.get('hashicorp://approle/secret/app/db')
    expect(callsOf('login')).toHaveLength(1)
    vi.advanceTimersByTime(20_000) // 50 s left: within the last tenth (60 s), so renewed before it lapses
    await client.get('hashicorp://approle/secret/app/db')
    expect(callsOf('login')).toHaveLength(2)
    expect(vault.calls.every((call) => call.status === 200)).toBe(true)
  })

  it('on a 403 for its token, logs in once more and retries once', async () => {
    const client = vaultWith(appRoleCredential())
    await client.get('hashicorp://approle/secret/app/db')
    const accessor = callsOf('kv-read')[0]?.accessor as string
    vault.revokeToken(accessor)
    expect(await client.get('hashicorp://approle/secret/app/db#username')).toBe('app-user')
    expect(callsOf('login')).toHaveLength(2)
    expect(callsOf('kv-read').map((call) => call.status)).toEqual([200, 403, 200])
  })

  it('answers ACCESS_DENIED after one re-login when the policy denies the read', async () => {
    vault.createAppRole({ roleId: 'narrow-role', secretId: 'narrow-secret', deny: ['secret/data/app/db'] })
    const client = vaultWith(
      appRoleCredential({ auth: { method: 'app-role', roleId: 'narrow-role', secretId: 'narrow-secret' } }),
    )
    const error = await vaultFailure(client.get('hashicorp://approle/secret/app/db?engine=kv2'))
    expect(error.code).toBe('ACCESS_DENIED')
    expect(callsOf('login')).toHaveLength(2)
    expect(callsOf('kv-read')).toHaveLength(2)
  })

  it('answers AUTHENTICATION_FAILED for a wrong secret ID, and tries again next time', async () => {
    const client = vaultWith(
      appRoleCredential({ auth: { method: 'app-role', roleId: SENTINEL.roleId, secretId: 'wrong' } }),
    )
    const error = await vaultFailure(client.get('hashicorp://approle/secret/app/db'))
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).toContain('invalid role or secret ID')
    expect(error.message).toContain('Check roleId and secretId')
    await vaultFailure(client.get('hashicorp://approle/secret/app/db'))
    expect(callsOf('login')).toHaveLength(2)
    expect(callsOf('kv-read')).toHaveLength(0)
  })

  it('logs in at a custom auth mount', async () => {
    vault.createAppRole({ roleId: 'r', secretId: 's', mount: 'ci/approle' })
    const client = vaultWith(
      appRoleCredential({ auth: { method: 'app-role', roleId: 'r', secretId: 's', mount: '/ci/approle/' } }),
    )
    expect(await client.get('hashicorp://approle/secret/app/db#username')).toBe('app-user')
    expect(callsOf('login').map((call) => call.path)).toEqual(['auth/ci/approle/login'])
  })

  it('logs in within the credential namespace', async () => {
    vault.createAppRole({ roleId: 'ns-role', secretId: 'ns-secret', namespace: 'admin' })
    const client = vaultWith(
      appRoleCredential({
        namespace: 'admin',
        auth: { method: 'app-role', roleId: 'ns-role', secretId: 'ns-secret' },
      }),
    )
    expect(await client.get('hashicorp://approle/secret/app/db#password')).toBe(SENTINEL.adminPassword)
    expect(vault.calls.every((call) => call.namespace === 'admin')).toBe(true)
  })
})

describe('testCredential', () => {
  it('looks the token up (lookup-self) and rejects an unknown token', async () => {
    const client = vaultWith(
      tokenCredential(),
      tokenCredential({ id: 'bad', auth: { method: 'token', token: 'hvs.nope' } }),
    )
    await client.testCredential('vault')
    expect(callsOf('lookup-self')).toHaveLength(1)
    const error = await vaultFailure(client.testCredential('bad'))
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).toContain('Create a new one')
  })

  it('logs in with AppRole (a fresh login each time) and rejects a wrong secret ID', async () => {
    const client = vaultWith(
      appRoleCredential(),
      appRoleCredential({ id: 'bad', auth: { method: 'app-role', roleId: SENTINEL.roleId, secretId: 'x' } }),
    )
    await client.testCredential('approle')
    await client.testCredential('approle')
    expect(callsOf('login')).toHaveLength(2)
    expect((await vaultFailure(client.testCredential('bad'))).code).toBe('AUTHENTICATION_FAILED')
    expect(callsOf('kv-read')).toHaveLength(0)
  })
})
