import { inspect } from 'node:util'
import { type CloudCredentialInput, Secret, VaultError } from '@external-vault/core'
import { describe, expect, it } from 'vitest'
import { parseHashicorpCredential } from './credential.js'

const onPrem = (fields: Record<string, unknown> = {}): CloudCredentialInput => ({
  id: 'prod',
  name: 'Production Vault',
  provider: 'hashicorp',
  environment: 'on-premises',
  address: 'https://vault.internal:8200/',
  auth: { method: 'token', token: 'hvs.CRED-SENTINEL-1' },
  ...fields,
})

function rejection(input: CloudCredentialInput): VaultError {
  try {
    parseHashicorpCredential(input)
  } catch (error) {
    if (VaultError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected INVALID_CREDENTIAL')
}

describe('on-premises credentials', () => {
  it('normalises the address (trailing slashes, path prefix kept) and wraps the token', () => {
    const credential = parseHashicorpCredential(
      onPrem({ address: 'https://vault.internal:8200/proxy/vault//' }),
    )
    expect(credential).toMatchObject({
      id: 'prod',
      name: 'Production Vault',
      provider: 'hashicorp',
      environment: 'on-premises',
      address: 'https://vault.internal:8200/proxy/vault',
      tlsSkipVerify: false,
    })
    if (credential.environment !== 'on-premises' || credential.auth.method !== 'token')
      throw new Error('wrong shape')
    expect(Secret.isInstance(credential.auth.token)).toBe(true)
    expect(credential.auth.token.reveal()).toBe('hvs.CRED-SENTINEL-1')
  })

  it('reads AppRole with the default mount and trims a given one; namespace slashes are trimmed', () => {
    const appRole = parseHashicorpCredential(
      onPrem({
        namespace: '/admin/team/',
        auth: { method: 'app-role', roleId: 'r-SENTINEL', secretId: 's-SENTINEL' },
      }),
    )
    expect(appRole).toMatchObject({ namespace: 'admin/team', auth: { method: 'app-role', mount: 'approle' } })
    const custom = parseHashicorpCredential(
      onPrem({ auth: { method: 'app-role', roleId: 'r', secretId: 's', mount: '/ci/approle/' } }),
    )
    expect(custom).toMatchObject({ auth: { mount: 'ci/approle' } })
  })

  it('keeps caCert and tlsSkipVerify', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
    expect(parseHashicorpCredential(onPrem({ caCert: pem, tlsSkipVerify: true }))).toMatchObject({
      caCert: pem.trim(),
      tlsSkipVerify: true,
    })
  })

  it('prints no secret field in inspect or JSON', () => {
    const credential = parseHashicorpCredential(
      onPrem({ auth: { method: 'app-role', roleId: 'role-SENTINEL-x', secretId: 'secret-SENTINEL-y' } }),
    )
    const printed = `${inspect(credential, { depth: 10, showHidden: true })}${JSON.stringify(credential)}`
    expect(printed).not.toMatch(/SENTINEL/)
    expect(printed).toContain('https://vault.internal:8200')
  })

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['no environment', { environment: undefined }, '"environment" must be "on-premises"'],
    ['no address', { address: undefined }, '"address" is missing'],
    ['a non-URL address', { address: 'vault.internal' }, '"address" is not a URL'],
    ['an ftp address', { address: 'ftp://vault' }, 'must start with https://'],
    ['user info in the address', { address: 'https://u:p@vault' }, 'must not hold a user name'],
    ['a query in the address', { address: 'https://vault/?x=1' }, 'must not have a "?query"'],
    ['no auth', { auth: undefined }, '"auth" is missing'],
    ['an unknown auth method', { auth: { method: 'ldap' } }, '"auth.method" must be "token" or "app-role"'],
    ['an empty token', { auth: { method: 'token', token: ' ' } }, '"auth.token" is missing or empty'],
    ['no secret ID', { auth: { method: 'app-role', roleId: 'r' } }, '"auth.secretId" is missing'],
    ['a token at the top level', { token: 'hvs.x' }, '"token" belongs inside "auth"'],
    ['a file path as caCert', { caCert: '/etc/ca.pem' }, 'not a file path'],
    [
      'caCert on http',
      { address: 'http://vault', caCert: '-----BEGIN CERTIFICATE-----' },
      'only applies to an https://',
    ],
    ['a string tlsSkipVerify', { tlsSkipVerify: 'yes' }, '"tlsSkipVerify" must be true or false'],
  ]
  for (const [what, fields, message] of bad) {
    it(`rejects ${what} with INVALID_CREDENTIAL naming the field`, () => {
      const error = rejection(onPrem(fields))
      expect(error.code).toBe('INVALID_CREDENTIAL')
      expect(error.message).toContain('Credential "prod"')
      expect(error.message).toContain(message)
      expect(error.message).not.toContain('hvs.')
    })
  }
})

describe('cloud credentials', () => {
  const cloud = (fields: Record<string, unknown> = {}): CloudCredentialInput => ({
    id: 'hcp',
    provider: 'hashicorp',
    environment: 'cloud',
    clientId: 'client-1',
    clientSecret: 'client-SENTINEL-secret',
    ...fields,
  })

  it('wraps the client secret and keeps the client ID readable', () => {
    const credential = parseHashicorpCredential(cloud())
    expect(credential).toMatchObject({ environment: 'cloud', clientId: 'client-1' })
    expect(JSON.stringify(credential)).not.toContain('SENTINEL')
  })

  it('rejects a missing client ID or secret', () => {
    expect(rejection(cloud({ clientId: '' })).message).toContain('"clientId" is missing')
    expect(rejection(cloud({ clientSecret: undefined })).message).toContain('"clientSecret" is missing')
  })
})
