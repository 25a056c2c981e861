import { createVault, VaultError } from '@external-vault/core'
import { printedForms, vaultFailure } from '@external-vault/core/testing'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseAwsCredential } from './aws-credential.js'
import { type Testbed, testbed } from './test-support/testbed.js'

let bed: Testbed
const server = setupServer()
const SECRET_VALUES = ['value-SENTINEL-1', 'json-SENTINEL-2', 'binary-SENTINEL-3', 'body-SENTINEL-4']

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  bed = testbed()
  server.resetHandlers(...bed.mock.handlers)
  bed.mock.addSecret({ name: 'plain', value: SECRET_VALUES[0] as string })
  bed.mock.addSecret({ name: 'json', value: JSON.stringify({ field: SECRET_VALUES[1] }) })
  bed.mock.addSecret({ name: 'bytes', value: new TextEncoder().encode(SECRET_VALUES[2]) })
  bed.mock.addSecret({ name: 'locked', value: 'x', deniedAccessKeys: [bed.key.accessKeyId] })
  bed.mock.addSecret({ name: 'kms', value: 'x', decryptionFailure: true })
})
afterEach(() => {
  vi.restoreAllMocks()
})

function sentinels(): string[] {
  return [bed.key.secretAccessKey, bed.key.sessionToken as string, ...SECRET_VALUES, 'SENTINEL-wrong-key']
}

function expectClean(outputs: unknown[]): void {
  for (const output of outputs) {
    const text = printedForms(output)
    for (const sentinel of sentinels())
      expect(text.includes(sentinel), `${sentinel.slice(0, 6)}… printed`).toBe(false)
  }
}

describe('no secret, secret access key or session token in printed output', () => {
  it('parsed credentials, the provider and the vault print masked', async () => {
    const provider = bed.provider()
    const vault = createVault({ providers: [provider], credentials: [bed.credential] })
    await vault.get('aws://prod/plain')
    expectClean([
      provider.parseCredential(bed.credential),
      provider,
      vault,
      vault.credentials.list(),
      vault.credentials.get('prod'),
      vault.cache.stats(),
      bed.mock.calls,
    ])
  })

  it('every error path: service errors, faults, bad keys and bad input', async () => {
    const vault = bed.vault()
    const wrongKey = bed.vault(undefined, [{ ...bed.credential, secretAccessKey: 'SENTINEL-wrong-key' }])
    const expired = bed.mock.createAccessKey({ temporary: true, expired: true })
    const expiredVault = bed.vault(undefined, [{ ...bed.credential, ...expired }])
    const errors: VaultError[] = [
      await vaultFailure(vault.get('aws://prod/missing')),
      await vaultFailure(vault.get('aws://prod/locked')),
      await vaultFailure(vault.get('aws://prod/kms')),
      await vaultFailure(vault.get('aws://prod/json#nope')),
      await vaultFailure(vault.get('aws://prod/plain#field')),
      await vaultFailure(vault.get('aws://prod/plain?colour=red')),
      await vaultFailure(wrongKey.get('aws://prod/plain')),
      await vaultFailure(wrongKey.testCredential('prod')),
      await vaultFailure(expiredVault.get('aws://prod/plain')),
    ]
    bed.mock.injectFault({ status: 503, body: `<html>${SECRET_VALUES[3]}</html>`, times: 3 })
    errors.push(await vaultFailure(vault.get('aws://prod/bytes')))
    bed.mock.injectFault({ error: 'ThrottlingException', times: 3 })
    errors.push(await vaultFailure(vault.get('aws://prod/bytes')))
    bed.mock.injectFault({ error: 'InvalidParameterException', message: `bad ${bed.key.secretAccessKey}` })
    errors.push(await vaultFailure(vault.get('aws://prod/bytes')))
    expect(errors.map((error) => error.code)).toEqual([
      'SECRET_NOT_FOUND',
      'ACCESS_DENIED',
      'ACCESS_DENIED',
      'KEY_NOT_FOUND',
      'INVALID_SECRET_FORMAT',
      'INVALID_REFERENCE',
      'AUTHENTICATION_FAILED',
      'AUTHENTICATION_FAILED',
      'AUTHENTICATION_FAILED',
      'UNAVAILABLE',
      'THROTTLED',
      'INVALID_REFERENCE',
    ])
    expectClean(errors)
  })

  it('a secret pasted into the wrong credential field is not echoed', () => {
    let error: unknown
    try {
      parseAwsCredential({ ...bed.credential, region: bed.key.secretAccessKey })
    } catch (thrown) {
      error = thrown
    }
    expect(VaultError.isInstance(error) && error.code).toBe('INVALID_CREDENTIAL')
    expectClean([error])
  })

  it('nothing is written to the console, and an SDK logger given in clientConfig sees no secret', async () => {
    const lines: string[] = []
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((arg) => printedForms(arg)).join(' '))
      })
    }
    const logged: string[] = []
    const record = (...args: unknown[]) => {
      logged.push(args.map((arg) => printedForms(arg)).join(' '))
    }
    const logger = { trace: record, debug: record, info: record, warn: record, error: record }
    const vault = bed.vault({ clientConfig: { logger } })
    expect(await vault.get('aws://prod/plain')).toBe(SECRET_VALUES[0])
    expect(await vault.get('aws://prod/bytes')).toBe(SECRET_VALUES[2])
    await vaultFailure(vault.get('aws://prod/missing'))
    await vault.testCredential('prod')
    expect(logged.length).toBeGreaterThan(0)
    for (const sentinel of sentinels()) {
      expect(logged.join('\n')).not.toContain(sentinel)
      expect(lines.join('\n')).not.toContain(sentinel)
    }
  })
})
