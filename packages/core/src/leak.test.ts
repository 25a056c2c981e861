import { describe, expect, it } from 'vitest'
import { MASK } from './secret.js'
import { memoryProvider, memoryStore } from './test-support/memory-provider.js'
import { printedForms } from './testing/assertions.js'
import { createVault } from './vault.js'
import { VaultError } from './vault-error.js'

// Sentinels stand in for every secret in play; none may be printed by any path.
const TOKEN = 'SENTINEL-token-7f3a'
const VALUE = 'SENTINEL-value-91bc'
const FIELD = 'SENTINEL-field-c0de'

describe('no secret is ever printed', () => {
  it('across every error path, credential view and the vault itself', async () => {
    const store = memoryStore(TOKEN)
    store.secrets.set('plain', [VALUE])
    store.secrets.set('json', [JSON.stringify({ password: FIELD })])
    store.secrets.set('binary', [new Uint8Array([0xff, 0xfe])])
    const vault = createVault({
      providers: [memoryProvider(store)],
      credentials: [
        { id: 'main', provider: 'memory', token: TOKEN },
        { id: 'bad', provider: 'memory', token: `${TOKEN}-wrong` },
      ],
    })
    await vault.get('memory://main/plain')
    await vault.get('memory://main/json#password')
    const failures = await Promise.all(
      [
        'memory://main/plain#password',
        'memory://main/json#missing',
        'memory://main/binary',
        'memory://bad/plain',
        'memory://main/absent',
        'memory://main/plain?bogus=1',
        'memory://nobody/plain',
      ].map((reference) => vault.get(reference).catch((error: unknown) => error)),
    )
    const addFailure = (() => {
      try {
        vault.credentials.add({ id: 'main', provider: 'memory', token: TOKEN })
      } catch (error) {
        return error
      }
    })()
    store.failWith = new VaultError({ code: 'UNAVAILABLE', message: 'down' })
    vault.cache.clear()
    const renderFailure = await vault.render('{{ memory://main/plain }}').catch((error: unknown) => error)

    const outputs = [
      ...failures,
      addFailure,
      renderFailure,
      vault.credentials.list(),
      vault.credentials.get('main'),
      vault,
      vault.cache.stats(),
      vault.findReferences('{{ memory://main/plain }} {{ memory://main/plain?x=1 }}'),
      await vault.render('{{ memory://main/plain }}', { mask: true }),
    ]
    expect(failures.every((failure) => VaultError.isInstance(failure))).toBe(true)
    for (const output of outputs) {
      const text = printedForms(output)
      for (const sentinel of [TOKEN, VALUE, FIELD]) expect(text).not.toContain(sentinel)
    }
    expect(printedForms(vault.credentials.list())).toContain(MASK)
  })
})

describe('VaultError', () => {
  it('is recognised across copies by its Symbol.for marker, with retryable from the code', () => {
    const error = new VaultError({ code: 'THROTTLED', message: 'slow down' })
    const lookalike = Object.assign(new Error('x'), { [Symbol.for('external-vault.VaultError')]: true })
    expect(VaultError.isInstance(error)).toBe(true)
    expect(VaultError.isInstance(lookalike)).toBe(true)
    expect(VaultError.isInstance(new Error('x'))).toBe(false)
    expect(VaultError.isInstance(null)).toBe(false)
    expect(error.retryable).toBe(true)
    expect(new VaultError({ code: 'ACCESS_DENIED', message: 'no' }).retryable).toBe(false)
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'VaultError',
      code: 'THROTTLED',
      message: 'slow down',
      retryable: true,
    })
  })
})
