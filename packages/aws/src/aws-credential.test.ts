import { inspect } from 'node:util'
import { VaultError } from '@external-vault/core'
import { describe, expect, it } from 'vitest'
import { parseAwsCredential } from './aws-credential.js'

function invalid(input: Record<string, unknown>): VaultError {
  try {
    parseAwsCredential({ id: 'prod', provider: 'aws', ...input })
  } catch (error) {
    if (VaultError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected INVALID_CREDENTIAL')
}

const temporary = {
  type: 'temporary',
  region: 'eu-west-2',
  accessKeyId: 'ASIAEXAMPLEEXAMPLE00',
  secretAccessKey: 'SENTINEL-secret-access-key',
  sessionToken: 'SENTINEL-session-token',
}

describe('parseAwsCredential', () => {
  it('reads a temporary credential, trimming pasted whitespace and wrapping the secret fields', () => {
    const parsed = parseAwsCredential({
      id: 'prod',
      name: 'Prod',
      provider: 'aws',
      ...temporary,
      secretAccessKey: ` ${temporary.secretAccessKey}\n`,
    })
    expect(parsed).toMatchObject({
      id: 'prod',
      name: 'Prod',
      provider: 'aws',
      type: 'temporary',
      region: 'eu-west-2',
      accessKeyId: temporary.accessKeyId,
    })
    if (parsed.type !== 'temporary') throw new Error('temporary expected')
    expect(parsed.secretAccessKey.reveal()).toBe(temporary.secretAccessKey)
    expect(parsed.sessionToken?.reveal()).toBe(temporary.sessionToken)
    const printed = `${inspect(parsed, { depth: 5, showHidden: true })} ${JSON.stringify(parsed)} ${String(parsed.secretAccessKey)}`
    expect(printed).not.toContain('SENTINEL')
  })

  it('takes a credential without type but with keys as temporary, and an empty session token as none', () => {
    const { type: _type, ...untyped } = temporary
    const parsed = parseAwsCredential({ id: 'prod', provider: 'aws', ...untyped, sessionToken: '' })
    expect(parsed.type).toBe('temporary')
    expect('sessionToken' in parsed).toBe(false)
  })

  it('names each missing or malformed field of a temporary credential', () => {
    for (const field of ['region', 'accessKeyId', 'secretAccessKey']) {
      const error = invalid({ ...temporary, [field]: '' })
      expect(error).toMatchObject({ code: 'INVALID_CREDENTIAL', provider: 'aws' })
      expect(error.message).toContain(`"${field}" is missing`)
    }
    expect(invalid({ ...temporary, region: 'Frankfurt' }).message).toContain('"region" is not a region name')
    expect(invalid({ ...temporary, accessKeyId: 'ASIA EXAMPLE' }).message).toContain('whitespace')
    expect(invalid({ ...temporary, secretAccessKey: 42 }).message).toContain('"secretAccessKey" must be text')
  })

  it('reads profile credentials, expanding ~ in file paths', () => {
    const parsed = parseAwsCredential({
      id: 'dev',
      provider: 'aws',
      type: 'profile',
      profile: 'dev-sso',
      configFile: '~/custom/config',
      credentialsFile: '/etc/aws/credentials',
    })
    expect(parsed).toMatchObject({
      type: 'profile',
      profile: 'dev-sso',
      credentialsFile: '/etc/aws/credentials',
    })
    if (parsed.type !== 'profile') throw new Error('profile expected')
    expect(parsed.configFile).toMatch(/\/custom\/config$/)
    expect(parsed.configFile?.startsWith('~')).toBe(false)
    expect('region' in parsed).toBe(false)
    expect(invalid({ type: 'profile' }).message).toContain('"profile" is missing')
  })

  it('reads default-chain credentials with an optional region', () => {
    expect(parseAwsCredential({ id: 'ci', provider: 'aws', type: 'default' })).toEqual({
      id: 'ci',
      provider: 'aws',
      type: 'default',
    })
    expect(
      parseAwsCredential({ id: 'ci', provider: 'aws', type: 'default', region: 'us-west-2' }),
    ).toMatchObject({ region: 'us-west-2' })
  })

  it('rejects an unknown type, naming the three kinds', () => {
    const error = invalid({ type: 'sso' })
    expect(error.message).toContain('"type"')
    expect(error.message).toContain('"temporary"')
    expect(error.message).toContain('"profile"')
    expect(error.message).toContain('"default"')
    expect(invalid({}).message).toContain('"type"')
  })
})
