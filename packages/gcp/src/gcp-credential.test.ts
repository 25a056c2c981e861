import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { MASK, Secret } from '@external-vault/core'
import { vaultThrown } from '@external-vault/core/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { parseGcpCredential } from './gcp-credential.js'
import { generateServiceAccountKey } from './testing/index.js'

const key = generateServiceAccountKey({ projectId: 'acme-prod' })
const dir = mkdtempSync(join(tmpdir(), 'gcp-credential-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, content: string): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** Every failure names the problem and never quotes the key. */
function expectInvalid(input: Record<string, unknown>, mentions: RegExp): void {
  const error = vaultThrown(() => parseGcpCredential({ id: 'prod', provider: 'gcp', ...input }))
  expect(error.code).toBe('INVALID_CREDENTIAL')
  expect(error.provider).toBe('gcp')
  expect(error.message).toMatch(mentions)
  expect(error.message).toContain('Credential "prod"')
  const printed = `${error.message}\n${inspect(error, { depth: 5 })}`
  expect(printed).not.toContain(key.private_key.split('\n')[3])
}

describe('parseGcpCredential: service account keys', () => {
  it('reads a key file when parsed, keeping the path and wrapping the private key', () => {
    const credential = parseGcpCredential({
      id: 'prod',
      name: 'Production',
      provider: 'gcp',
      serviceAccountKeyFile: file('key.json', JSON.stringify(key)),
    })
    expect(credential).toMatchObject({
      id: 'prod',
      name: 'Production',
      provider: 'gcp',
      kind: 'service-account',
      keyFile: join(dir, 'key.json'),
      projectId: 'acme-prod',
      clientEmail: key.client_email,
      privateKeyId: key.private_key_id,
      universeDomain: 'googleapis.com',
    })
    if (credential.kind !== 'service-account') throw new Error('expected a service account credential')
    expect(Secret.isInstance(credential.privateKey)).toBe(true)
    expect(credential.privateKey.reveal()).toBe(key.private_key)
    expect(JSON.stringify(credential)).toContain(MASK)
    expect(JSON.stringify(credential)).not.toContain('PRIVATE KEY')
    expect(inspect(credential, { depth: 10, showHidden: true })).not.toContain('PRIVATE KEY')
  })

  it('re-reads the file on every parse (core parses on add and on update)', () => {
    const path = file('rotating.json', JSON.stringify(key))
    const first = parseGcpCredential({ id: 'prod', provider: 'gcp', serviceAccountKeyFile: path })
    const rotated = generateServiceAccountKey({ projectId: 'acme-prod' })
    writeFileSync(path, JSON.stringify(rotated))
    const second = parseGcpCredential({ id: 'prod', provider: 'gcp', serviceAccountKeyFile: path })
    expect(first.kind === 'service-account' && first.privateKeyId).toBe(key.private_key_id)
    expect(second.kind === 'service-account' && second.privateKeyId).toBe(rotated.private_key_id)
  })

  it('takes the key inline, as an object or as JSON text', () => {
    for (const serviceAccountKey of [key, JSON.stringify(key)]) {
      const credential = parseGcpCredential({ id: 'prod', provider: 'gcp', serviceAccountKey })
      expect(credential).toMatchObject({ kind: 'service-account', projectId: 'acme-prod' })
      expect(credential).not.toHaveProperty('keyFile')
    }
  })

  it('rejects a missing key file, naming the path', () => {
    expectInvalid({ serviceAccountKeyFile: join(dir, 'absent.json') }, /absent\.json" does not exist/)
    mkdirSync(join(dir, 'nested'))
    expectInvalid(
      { serviceAccountKeyFile: join(dir, 'nested', 'none.json') },
      /nested\/none\.json" does not exist/,
    )
  })

  it('rejects an unreadable key file (a directory, a path through a file)', () => {
    expectInvalid({ serviceAccountKeyFile: dir }, /is not a file/)
    const plain = file('plain.json', JSON.stringify(key))
    expectInvalid({ serviceAccountKeyFile: join(plain, 'key.json') }, /could not be read \(ENOTDIR\)/)
  })

  it('rejects a key file that is too large to be a key', () => {
    expectInvalid({ serviceAccountKeyFile: file('huge.json', ' '.repeat(70_000)) }, /too large/)
  })

  it('rejects a file that is not JSON without quoting it', () => {
    // JSON.parse's own message would quote the start of the text: the PEM header here.
    expectInvalid({ serviceAccountKeyFile: file('key.pem', key.private_key) }, /key\.pem" is not valid JSON/)
    expectInvalid({ serviceAccountKey: `${JSON.stringify(key)}}` }, /"serviceAccountKey" is not valid JSON/)
  })

  it.each(['client_email', 'private_key', 'project_id'])('rejects a key without %s, naming it', (field) => {
    const { [field as keyof typeof key]: _dropped, ...partial } = key
    expectInvalid(
      { serviceAccountKeyFile: file(`no-${field}.json`, JSON.stringify(partial)) },
      new RegExp(`no "${field}"`),
    )
    expectInvalid({ serviceAccountKey: { ...key, [field]: '' } }, new RegExp(`no "${field}"`))
  })

  it('rejects a private key that is not PEM, a bad email, and other JSON types', () => {
    expectInvalid(
      { serviceAccountKey: { ...key, private_key: 'not-a-key' } },
      /"private_key" .* is not a PEM private key/,
    )
    expectInvalid({ serviceAccountKey: { ...key, client_email: 'nobody' } }, /not an email address/)
    expectInvalid({ serviceAccountKey: [key] }, /must be a JSON object/)
    expectInvalid(
      { serviceAccountKey: { ...key, type: 'authorized_user' } },
      /"authorized_user".*type: 'application-default'/,
    )
  })

  it('rejects ambiguous, empty and misspelt credentials', () => {
    expectInvalid({ serviceAccountKey: key, serviceAccountKeyFile: '/x.json' }, /not both/)
    expectInvalid({}, /needs serviceAccountKeyFile/)
    expectInvalid({ serviceAccountKeyfile: '/x.json' }, /unknown field "serviceAccountKeyfile"/)
    expectInvalid({ serviceAccountKeyFile: '' }, /must be the path/)
    expectInvalid({ type: 'user', serviceAccountKey: key }, /"type" must be/)
  })
})

describe('parseGcpCredential: application default credentials', () => {
  it('takes an optional projectId', () => {
    expect(parseGcpCredential({ id: 'adc', provider: 'gcp', type: 'application-default' })).toEqual({
      id: 'adc',
      provider: 'gcp',
      kind: 'application-default',
    })
    expect(
      parseGcpCredential({ id: 'adc', provider: 'gcp', type: 'application-default', projectId: 'acme-prod' }),
    ).toMatchObject({ kind: 'application-default', projectId: 'acme-prod' })
  })

  it('rejects a bad projectId and key fields beside ADC', () => {
    expectInvalid({ type: 'application-default', projectId: 'Not A Project' }, /"projectId" must be/)
    expectInvalid(
      { type: 'application-default', serviceAccountKey: key },
      /unknown field "serviceAccountKey"/,
    )
  })
})
