import { type CloudCredentialInput, createVault } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import { describe, expect, it } from 'vitest'
import { SENTINEL, testProvider, tokenCredential, useMocks } from './test-support/fixtures.js'

const { vault } = useMocks()

function vaultWith(...credentials: CloudCredentialInput[]) {
  return createVault({
    providers: [testProvider()],
    credentials: credentials.length ? credentials : [tokenCredential()],
  })
}

const callsOf = (kind: string) => vault.calls.filter((call) => call.kind === kind)

describe('KV v2', () => {
  it('reads the latest version as the whole data object, from <mount>/data/<path>', async () => {
    const value = await vaultWith().get('hashicorp://vault/secret/app/db')
    expect(JSON.parse(value)).toEqual({ username: 'app-user', password: SENTINEL.dbPassword })
    expect(callsOf('kv-read').map((call) => [call.path, call.query])).toEqual([['secret/data/app/db', '']])
  })

  it('reads a given version with ?version=N and reports version and creation time', async () => {
    const provider = testProvider()
    const credential = provider.parseCredential(tokenCredential())
    const locator = provider.parseLocator(
      { provider: 'hashicorp', credential: 'vault', locator: 'secret/app/api', options: { version: '1' } },
      credential,
    )
    const payload = await provider.fetchSecret(locator, credential, { signal: new AbortController().signal })
    expect(JSON.parse(payload.value as string)).toEqual({ token: SENTINEL.apiV1 })
    expect(payload.version).toBe('1')
    expect(payload.createdAt).toBeInstanceOf(Date)
    expect(callsOf('kv-read').at(-1)?.query).toBe('version=1')
  })

  it('says a deleted version was deleted, and a destroyed one destroyed (SECRET_NOT_FOUND)', async () => {
    vault.deleteVersions('secret/app/api', [1])
    vault.destroyVersions('secret/app/api', [2])
    const client = vaultWith()
    const deleted = await vaultFailure(client.get('hashicorp://vault/secret/app/api?version=1'))
    expect(deleted.code).toBe('SECRET_NOT_FOUND')
    expect(deleted.message).toMatch(/Version 1 of "secret\/app\/api" was deleted .*undelete/)
    const destroyed = await vaultFailure(client.get('hashicorp://vault/secret/app/api'))
    expect(destroyed.code).toBe('SECRET_NOT_FOUND')
    expect(destroyed.message).toMatch(/Version 2 of "secret\/app\/api" was destroyed/)
  })

  it('answers SECRET_NOT_FOUND for a version that never existed', async () => {
    const error = await vaultFailure(vaultWith().get('hashicorp://vault/secret/app/api?version=9'))
    expect(error.code).toBe('SECRET_NOT_FOUND')
    expect(error.message).toContain('version 9 of "app/api"')
  })
})

describe('KV v1', () => {
  it('reads <mount>/<path> and returns the whole data object', async () => {
    const value = await vaultWith().get('hashicorp://vault/kv1/legacy/config')
    expect(JSON.parse(value)).toEqual({ url: 'https://db.internal', key: SENTINEL.legacyKey })
    expect(callsOf('kv-read').map((call) => call.path)).toEqual(['kv1/legacy/config'])
  })

  it('refuses a version on a detected KV v1 mount without reading', async () => {
    const error = await vaultFailure(vaultWith().get('hashicorp://vault/kv1/legacy/config?version=2'))
    expect(error.code).toBe('INVALID_REFERENCE')
    expect(error.message).toContain('KV v1 mount')
    expect(callsOf('kv-read')).toHaveLength(0)
  })
})

describe('mount and engine detection', () => {
  it('looks up a mount once per credential and mount, then remembers it', async () => {
    const client = vaultWith()
    await client.get('hashicorp://vault/secret/app/db')
    await client.get('hashicorp://vault/secret/app/api')
    await client.get('hashicorp://vault/kv1/legacy/config')
    expect(callsOf('mounts').map((call) => call.path)).toEqual([
      'sys/internal/ui/mounts/secret/app/db',
      'sys/internal/ui/mounts/kv1/legacy/config',
    ])
  })

  it('finds a nested mount and reads inside it', async () => {
    const value = await vaultWith().get('hashicorp://vault/team/a/kv/service/creds#pass')
    expect(value).toBe(SENTINEL.nestedPass)
    expect(callsOf('kv-read').map((call) => call.path)).toEqual(['team/a/kv/data/service/creds'])
  })

  it('skips the lookup when engine is given, taking the first segment as the mount', async () => {
    expect(await vaultWith().get('hashicorp://vault/kv1/legacy/config?engine=kv1#key')).toBe(
      SENTINEL.legacyKey,
    )
    expect(callsOf('mounts')).toHaveLength(0)
  })

  it('uses engine and mount together for a nested mount, without a lookup', async () => {
    const value = await vaultWith().get(
      'hashicorp://vault/team/a/kv/service/creds?engine=kv2&mount=team/a/kv#user',
    )
    expect(value).toBe('svc')
    expect(callsOf('mounts')).toHaveLength(0)
  })

  it('detects the engine of a named mount', async () => {
    expect(await vaultWith().get('hashicorp://vault/team/a/kv/service/creds?mount=team/a/kv#user')).toBe(
      'svc',
    )
    expect(callsOf('mounts').map((call) => call.path)).toEqual(['sys/internal/ui/mounts/team/a/kv'])
  })

  it('says to set engine=kv2 when a KV v2 mount is read as v1', async () => {
    const error = await vaultFailure(vaultWith().get('hashicorp://vault/secret/app/db?engine=kv1'))
    expect(error.code).toBe('SECRET_NOT_FOUND')
    expect(error.message).toContain('Set engine=kv2')
  })

  it('when the lookup is denied, assumes KV v2 on the first segment', async () => {
    vault.createToken({ id: 'hvs.no-mount-lookup', deny: ['sys/internal/ui/mounts/*'] })
    const client = vaultWith(tokenCredential({ auth: { method: 'token', token: 'hvs.no-mount-lookup' } }))
    expect(await client.get('hashicorp://vault/secret/app/db#username')).toBe('app-user')
    expect(callsOf('mounts')).toHaveLength(1)
    expect(callsOf('mounts')[0]?.status).toBe(403)
  })

  it('when the lookup is denied and the guess is wrong, the error says to set engine (and mount)', async () => {
    vault.createToken({ id: 'hvs.no-mount-lookup', deny: ['sys/internal/ui/mounts/*'] })
    const client = vaultWith(tokenCredential({ auth: { method: 'token', token: 'hvs.no-mount-lookup' } }))
    const v1 = await vaultFailure(client.get('hashicorp://vault/kv1/legacy/config'))
    expect(v1.code).toBe('SECRET_NOT_FOUND')
    expect(v1.message).toContain('add engine=kv1 or engine=kv2 (and mount=<mount>)')
    const nested = await vaultFailure(client.get('hashicorp://vault/team/a/kv/service/creds'))
    expect(nested.message).toContain('KV v2 on the mount "team" was assumed')
    expect(await client.get('hashicorp://vault/kv1/legacy/config?engine=kv1#key')).toBe(SENTINEL.legacyKey)
  })

  it('refuses a mount that is not KV', async () => {
    vault.failNext({
      status: 200,
      match: (call) => call.kind === 'mounts',
      body: { data: { path: 'pki/', type: 'pki', options: null } },
    })
    const error = await vaultFailure(vaultWith().get('hashicorp://vault/pki/issue/web'))
    expect(error.code).toBe('INVALID_REFERENCE')
    expect(error.message).toContain('"pki" is a pki secrets engine, not KV')
  })

  it('refuses a reference that names only the mount', async () => {
    for (const reference of ['hashicorp://vault/team/a/kv?mount=team/a/kv', 'hashicorp://vault/secret']) {
      const error = await vaultFailure(vaultWith().get(reference))
      expect(error.code).toBe('INVALID_REFERENCE')
      expect(error.message).toContain("but no secret in it. Add the secret's path after it.")
    }
    expect(callsOf('kv-read')).toHaveLength(0)
  })
})

describe('addresses and namespaces', () => {
  it('accepts an address with trailing slashes and never sends "//"', async () => {
    const client = vaultWith(tokenCredential({ address: 'http://127.0.0.1:8200///' }))
    expect(await client.get('hashicorp://vault/secret/app/db#username')).toBe('app-user')
    expect(
      vault.calls.every((call) => call.origin === 'http://127.0.0.1:8200' && !call.path.startsWith('/')),
    ).toBe(true)
  })

  it('sends X-Vault-Namespace on every request when a namespace is set', async () => {
    const client = vaultWith(tokenCredential({ namespace: '/admin/' }))
    expect(await client.get('hashicorp://vault/secret/app/db#password')).toBe(SENTINEL.adminPassword)
    expect(vault.calls.length).toBeGreaterThan(0)
    expect(vault.calls.every((call) => call.namespace === 'admin')).toBe(true)
  })

  it('sends no namespace header without a namespace, reading the root namespace', async () => {
    expect(await vaultWith().get('hashicorp://vault/secret/app/db#password')).toBe(SENTINEL.dbPassword)
    expect(vault.calls.every((call) => call.namespace === undefined)).toBe(true)
  })

  it('percent-encodes names so they cannot change the route', async () => {
    vault.writeSecret('secret/odd name/a?b#c', { v: 'x' })
    expect(await vaultWith().get('hashicorp://vault/secret/odd%20name/a%3Fb%23c#v')).toBe('x')
  })
})

describe('redirects', () => {
  it('follows a redirect within the same origin', async () => {
    vault.failNext({
      status: 307,
      match: (call) => call.kind === 'kv-read',
      headers: { location: '/v1/secret/data/app/db' },
    })
    expect(await vaultWith().get('hashicorp://vault/secret/app/db#username')).toBe('app-user')
    expect(callsOf('kv-read')).toHaveLength(2)
  })

  it('refuses a redirect to another origin and sends the token nowhere else', async () => {
    vault.failNext({
      status: 307,
      match: (call) => call.kind === 'kv-read',
      headers: { location: 'http://127.0.0.1:9999/v1/secret/data/app/db' },
    })
    const error = await vaultFailure(vaultWith().get('hashicorp://vault/secret/app/db'))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.retryable).toBe(false)
    expect(error.message).toContain('to another origin (http://127.0.0.1:9999)')
    expect(vault.calls.filter((call) => call.origin !== 'http://127.0.0.1:8200')).toEqual([])
    expect(callsOf('kv-read')).toHaveLength(1)
  })
})
