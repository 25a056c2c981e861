import { beforeEach, describe, expect, it } from 'vitest'
import { MASK } from './secret.js'
import { parseTemplate } from './template.js'
import { type MemoryStore, memoryProvider, memoryStore } from './test-support/memory-provider.js'
import { createVault, type Vault } from './vault.js'

let store: MemoryStore
let vault: Vault

beforeEach(() => {
  store = memoryStore()
  store.secrets.set('db', [JSON.stringify({ user: 'app', password: 'pw-secret' })])
  store.secrets.set('api', ['key-1', 'key-2'])
  vault = createVault({
    providers: [memoryProvider(store)],
    credentials: [{ id: 'main', provider: 'memory', token: store.validToken }],
  })
})

const insomniaTag = (config: object, encode = false) => {
  const json = JSON.stringify(config)
  return `{% vault 'memory', 'main', '${encode ? Buffer.from(json).toString('base64') : json}' %}`
}

describe('parseTemplate', () => {
  it('splits text into literals and tags with their offsets', () => {
    const text = 'a {{ memory://main/api }} b'
    expect(parseTemplate(text)).toEqual([
      'a ',
      { kind: 'uri', start: 2, end: 25, source: '{{ memory://main/api }}', reference: 'memory://main/api' },
      ' b',
    ])
  })

  it('leaves other tools’ variables, unclosed braces and other tags as text', () => {
    const text = '{{ baseUrl }}/x {{ memory://main/api {% if x %} {'
    expect(parseTemplate(text)).toEqual([text])
  })

  it('reads the Insomnia tag with single or double quotes', () => {
    const [tag] = parseTemplate(`{% vault "memory", 'main', '{"name":"api"}' %}`)
    expect(tag).toMatchObject({
      kind: 'insomnia',
      provider: 'memory',
      credential: 'main',
      config: '{"name":"api"}',
    })
  })

  it('scans hostile text in linear time without crashing', () => {
    const text = '{{ memory://'.repeat(20_000) + '{% vault '.repeat(10_000)
    expect(parseTemplate(text).join('')).toBe(text)
  })
})

describe('render', () => {
  it('returns text without references unchanged', async () => {
    const text = 'GET /users?id={{ id }} {"a": {"b": 1}}'
    expect(await vault.render(text)).toBe(text)
    expect(store.calls).toBe(0)
  })

  it('replaces URI and Insomnia tags (JSON and base64 configs), fetching each unique secret once', async () => {
    const text = [
      'Authorization: Bearer {{ memory://main/api }}',
      'again {{memory://main/api}}',
      'user {{ memory://main/db#user }} pass {{ memory://main/db#password }}',
      `old ${insomniaTag({ name: 'api', version: '1' })}`,
      `field ${insomniaTag({ name: 'db', field: 'password' }, true)}`,
    ].join('\n')
    expect(await vault.render(text)).toBe(
      [
        'Authorization: Bearer key-2',
        'again key-2',
        'user app pass pw-secret',
        'old key-1',
        'field pw-secret',
      ].join('\n'),
    )
    expect(store.calls).toBe(3)
  })

  it('fetches unique references in parallel', async () => {
    let open: () => void = () => {}
    store.gate = new Promise((resolve) => {
      open = resolve
    })
    const rendering = vault.render(
      '{{ memory://main/api }} {{ memory://main/db#user }} {{ memory://main/api?version=1 }}',
    )
    await new Promise((resolve) => setImmediate(resolve))
    expect(store.calls).toBe(3)
    expect(vault.cache.stats().inFlight).toBe(3)
    open()
    expect(await rendering).toBe('key-2 app key-1')
  })

  it('honours \\{{ and \\{% escapes', async () => {
    expect(await vault.render('\\{{ memory://main/api }} and \\{% vault %}')).toBe(
      '{{ memory://main/api }} and {% vault %}',
    )
  })

  it('masks without fetching, but still refuses an invalid reference', async () => {
    expect(
      await vault.render(`x={{ memory://main/api }}&y=${insomniaTag({ name: 'db' })}`, { mask: true }),
    ).toBe(`x=${MASK}&y=${MASK}`)
    expect(store.calls).toBe(0)
    await expect(vault.render('{{ memory://nobody/api }}', { mask: true })).rejects.toMatchObject({
      code: 'CREDENTIAL_NOT_FOUND',
    })
    await expect(vault.render('{{ memory://main/api?bad=1 }}', { mask: true })).rejects.toMatchObject({
      code: 'INVALID_REFERENCE',
    })
    await expect(vault.render('{{ nope://main/api }}', { mask: true })).rejects.toMatchObject({
      code: 'UNKNOWN_PROVIDER',
    })
  })

  it('rejects with the error of the first failing reference in the text, naming it', async () => {
    const error = vault.render(
      '{{ memory://main/api }} {{ memory://main/db#missing }} {{ memory://main/gone }}',
    )
    await expect(error).rejects.toMatchObject({
      code: 'KEY_NOT_FOUND',
      reference: 'memory://main/db#missing',
    })
  })

  it('refuses an Insomnia tag whose config is neither JSON nor base64 JSON', async () => {
    await expect(vault.render("{% vault 'memory', 'main', 'not json' %}")).rejects.toMatchObject({
      code: 'INVALID_REFERENCE',
    })
  })
})

describe('findReferences', () => {
  it('lists every reference with its position, and an error beside each bad one', () => {
    const text = `a {{ memory://main/api }} b {{ memory://main/db?colour=red }} ${insomniaTag({ name: 'db', field: 'user' })}`
    const found = vault.findReferences(text)
    expect(found.map((item) => text.slice(item.start, item.end))).toEqual(found.map((item) => item.source))
    expect(found[0]).toMatchObject({ reference: 'memory://main/api' })
    expect(found[1]?.error).toMatchObject({
      code: 'INVALID_REFERENCE',
      reference: '{{ memory://main/db?colour=red }}',
    })
    expect(found[2]?.reference).toEqual({ provider: 'memory', credential: 'main', secret: 'db', key: 'user' })
  })

  it('gives references that vault.get resolves one by one', async () => {
    const found = vault.findReferences(`{{ memory://main/db#user }} ${insomniaTag({ name: 'api' })}`)
    const values = await Promise.all(found.map((item) => vault.get(item.reference as never)))
    expect(values).toEqual(['app', 'key-2'])
  })
})

describe('redact', () => {
  it('hides every cached value: whole, each JSON field and base64', async () => {
    await vault.render('{{ memory://main/db#password }} {{ memory://main/api }}')
    const whole = JSON.stringify({ user: 'app', password: 'pw-secret' })
    const log = `user app sent key-2 with pw-secret; body ${whole}; b64 ${Buffer.from('key-2').toString('base64')}`
    const redacted = vault.redact(log)
    for (const value of ['key-2', 'pw-secret', whole, Buffer.from('key-2').toString('base64')])
      expect(redacted).not.toContain(value)
    expect(redacted).toContain(MASK)
    expect(redacted).toContain('user app sent')
  })

  it('hides nothing it does not hold', () => {
    expect(vault.redact('key-2 pw-secret')).toBe('key-2 pw-secret')
  })
})
