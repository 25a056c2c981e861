import { createVault } from '@external-vault/core'
import { printedForms } from '@external-vault/core/testing'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  appRoleCredential,
  cloudCredential,
  SENTINEL,
  testProvider,
  tokenCredential,
  useMocks,
} from './test-support/fixtures.js'

const { vault, hcp } = useMocks()
const SENTINELS = Object.values(SENTINEL)
const CONSOLE = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const

function expectNoSentinel(value: unknown): void {
  const text = printedForms(value)
  for (const sentinel of SENTINELS)
    expect(text.includes(sentinel), `${sentinel.slice(0, 8)}… printed`).toBe(false)
}

const spies: Array<ReturnType<typeof vi.spyOn>> = []
beforeEach(() => {
  for (const method of CONSOLE) spies.push(vi.spyOn(console, method))
})
afterEach(() => {
  // The provider logs nothing at all, so nothing can leak through a log line.
  for (const spy of spies.splice(0)) {
    expect(spy).not.toHaveBeenCalled()
    spy.mockRestore()
  }
})

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (reason: unknown) => reason,
  )
}

describe('no token, secret ID, client secret or secret value is ever printed', () => {
  it('in errors of every kind, even when the server echoes a credential back', async () => {
    const provider = testProvider({ retry: 1 })
    const client = createVault({
      providers: [provider],
      credentials: [
        tokenCredential(),
        appRoleCredential(),
        cloudCredential(),
        appRoleCredential({
          id: 'bad-role',
          auth: { method: 'app-role', roleId: SENTINEL.roleId, secretId: `${SENTINEL.secretId}-x` },
        }),
        cloudCredential({ id: 'bad-hcp', clientSecret: `${SENTINEL.clientSecret}-x` }),
      ],
    })
    await client.get('hashicorp://vault/secret/app/db')
    const errors: unknown[] = []
    errors.push(await caught(client.get('hashicorp://vault/secret/app/db#nope')))
    errors.push(await caught(client.get('hashicorp://vault/secret/app/missing')))
    errors.push(await caught(client.get('hashicorp://bad-role/secret/app/db')))
    errors.push(await caught(client.get('hashicorp://bad-hcp/org-1/proj-1/web/api_key')))
    // A server (or proxy) that quotes the credential in its error text.
    vault.failNext({ status: 403, body: { errors: [`token ${SENTINEL.rootToken} is not allowed`] } })
    errors.push(await caught(client.get('hashicorp://vault/secret/app/api?engine=kv2')))
    vault.failNext({
      status: 400,
      body: { errors: [`secret_id ${SENTINEL.secretId} and role ${SENTINEL.roleId} rejected`] },
      match: (call) => call.kind === 'login',
    })
    errors.push(await caught(client.get('hashicorp://approle/secret/app/api')))
    hcp.failNext({
      status: 401,
      body: { error: 'invalid_client', error_description: `bad ${SENTINEL.clientSecret}` },
      match: (call) => call.kind === 'token',
    })
    errors.push(await caught(client.get('hashicorp://hcp/org-1/proj-1/web/api_key')))
    vault.failNext({ network: true, count: 2 })
    errors.push(await caught(client.get('hashicorp://vault/secret/app/other?engine=kv2')))
    vault.failNext({ status: 503, count: 2, body: { errors: [`sealed; token was ${SENTINEL.rootToken}`] } })
    errors.push(await caught(client.get('hashicorp://vault/secret/app/third?engine=kv2')))
    errors.push(await caught(client.testCredential('bad-role')))
    expect(errors).toHaveLength(10)
    for (const error of errors) expectNoSentinel(error)
  })

  it('in the provider, the vault and the credentials after use', async () => {
    const provider = testProvider()
    const client = createVault({
      providers: [provider],
      credentials: [tokenCredential(), appRoleCredential(), cloudCredential()],
    })
    await client.get('hashicorp://vault/secret/app/db')
    await client.get('hashicorp://approle/secret/app/api')
    await client.get('hashicorp://hcp/org-1/proj-1/web/api_key')
    for (const value of [provider, client, client.credentials.list(), client.cache.stats()])
      expectNoSentinel(value)
    for (const input of [tokenCredential(), appRoleCredential(), cloudCredential()])
      expectNoSentinel(provider.parseCredential(input))
  })

  it('in what the mocks record', async () => {
    const client = createVault({
      providers: [testProvider()],
      credentials: [appRoleCredential(), cloudCredential()],
    })
    await client.get('hashicorp://approle/secret/app/db')
    await client.get('hashicorp://hcp/org-1/proj-1/web/api_key')
    expectNoSentinel(vault.calls)
    expectNoSentinel(hcp.calls)
  })
})
