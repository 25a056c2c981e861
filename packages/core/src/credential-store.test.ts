import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { SecretProvider } from './provider.js'
import { MASK, Secret } from './secret.js'
import { memoryProvider, memoryStore } from './test-support/memory-provider.js'
import { createVault } from './vault.js'

const TOKEN = 'tok-SENTINEL-credential'

function vault() {
  return createVault({ providers: [memoryProvider(memoryStore(TOKEN))] })
}

describe('credentials', () => {
  it('adds, lists, gets, updates and removes, validated by the provider', () => {
    const v = vault()
    v.credentials.add({ id: 'main', name: 'Main', provider: 'memory', token: TOKEN })
    expect(v.credentials.list().map((c) => c.id)).toEqual(['main'])
    expect(v.credentials.get('main')).toMatchObject({ id: 'main', name: 'Main', provider: 'memory' })
    v.credentials.update({ id: 'main', name: 'Renamed', provider: 'memory', token: 'other' })
    expect(v.credentials.get('main')?.name).toBe('Renamed')
    expect(v.credentials.remove('main')).toBe(true)
    expect(v.credentials.remove('main')).toBe(false)
    expect(v.credentials.get('main')).toBeUndefined()
  })

  it('refuses a duplicate add and an update of a missing credential', () => {
    const v = vault()
    v.credentials.add({ id: 'main', provider: 'memory', token: TOKEN })
    expect(() => v.credentials.add({ id: 'main', provider: 'memory', token: TOKEN })).toThrowError(
      expect.objectContaining({ code: 'INVALID_CREDENTIAL', message: expect.stringContaining('update') }),
    )
    expect(() => v.credentials.update({ id: 'nope', provider: 'memory', token: TOKEN })).toThrowError(
      expect.objectContaining({ code: 'CREDENTIAL_NOT_FOUND' }),
    )
  })

  it.each([
    [{ provider: 'memory', token: TOKEN }, 'INVALID_CREDENTIAL', 'id'],
    [{ id: 'x', provider: 'aws', token: TOKEN }, 'UNKNOWN_PROVIDER', 'memory'],
    [{ id: 'x', provider: 'memory' }, 'INVALID_CREDENTIAL', 'token'],
    [{ id: 'x', provider: 'memory', token: TOKEN, name: 5 }, 'INVALID_CREDENTIAL', 'name'],
  ])('refuses %j with %s naming %s', (input, code, field) => {
    expect(() => vault().credentials.add(input as never)).toThrowError(
      expect.objectContaining({ code, message: expect.stringContaining(field) }),
    )
  })

  it('never shows secret fields in list, get, JSON or inspect', () => {
    const v = vault()
    v.credentials.add({ id: 'main', provider: 'memory', token: TOKEN })
    const outputs = [
      JSON.stringify(v.credentials.list()),
      inspect(v.credentials.get('main'), { showHidden: true, depth: 5 }),
      String(v.credentials.get('main')?.['token' as never]),
    ]
    for (const output of outputs) {
      expect(output).not.toContain(TOKEN)
      expect(output).toContain(MASK)
    }
    const token = (v.credentials.get('main') as unknown as { token: Secret }).token
    expect(Secret.isInstance(token) && token.reveal()).toBe(TOKEN)
  })

  it('hides a provider exception’s message, which may quote the input', () => {
    const leaky: SecretProvider = {
      ...memoryProvider(memoryStore()),
      parseCredential: () => {
        throw new SyntaxError(`Unexpected token in JSON: ${TOKEN}`)
      },
    }
    const v = createVault({ providers: [leaky] })
    let caught: unknown
    try {
      v.credentials.add({ id: 'x', provider: 'memory', token: TOKEN })
    } catch (error) {
      caught = error
    }
    expect(caught).toMatchObject({ code: 'INVALID_CREDENTIAL' })
    expect(inspect(caught, { depth: 5 }) + JSON.stringify(caught)).not.toContain(TOKEN)
  })
})
