import { createVault } from '@external-vault/core'
import { gcpSecretManager } from '@external-vault/gcp'
import { generateServiceAccountKey } from '@external-vault/gcp/testing'
import { hashicorpVault, type OnPremisesCredential, type TokenAuth } from '@external-vault/hashicorp'
import { describe, expect, it } from 'vitest'
import { CredentialService } from './credential-service.js'

function setup() {
  const vault = createVault({ providers: [gcpSecretManager(), hashicorpVault()] })
  return { vault, service: new CredentialService(vault) }
}

const TOKEN = 'hvs.sentinel-token-4b1c9e'
const tokenForm = {
  id: 'vault',
  name: 'Vault',
  provider: 'hashicorp',
  kind: 'token',
  values: { address: 'https://vault.test:8200', namespace: '', token: TOKEN },
}

function storedToken(vault: ReturnType<typeof setup>['vault']): string {
  const credential = vault.credentials.get('vault') as OnPremisesCredential
  return (credential.auth as TokenAuth).token.reveal()
}

describe('CredentialService', () => {
  it('adds a credential to the vault and shows everything but its secret fields', () => {
    const { vault, service } = setup()
    const shown = service.add(tokenForm)
    expect(shown).toEqual({
      id: 'vault',
      name: 'Vault',
      provider: 'hashicorp',
      providerLabel: 'HashiCorp',
      kind: 'token',
      kindLabel: 'On-Premises · Token',
      environment: 'on-premises',
      fields: { address: 'https://vault.test:8200' },
      secretsSet: ['token'],
    })
    expect(JSON.stringify(service.list())).not.toContain(TOKEN)
    expect(storedToken(vault)).toBe(TOKEN)
  })

  it('keeps a secret field left blank on edit, and replaces one that is filled', () => {
    const { vault, service } = setup()
    service.add(tokenForm)
    service.update('vault', { ...tokenForm, name: 'Renamed', values: { ...tokenForm.values, token: '  ' } })
    expect(storedToken(vault)).toBe(TOKEN)
    expect(service.get('vault')?.name).toBe('Renamed')
    service.update('vault', { ...tokenForm, values: { ...tokenForm.values, token: 'hvs.new-token' } })
    expect(storedToken(vault)).toBe('hvs.new-token')
  })

  it('does not carry a secret into a kind that lacks it, and names missing fields by their label', () => {
    const { service } = setup()
    service.add(tokenForm)
    expect(() =>
      service.update('vault', {
        ...tokenForm,
        kind: 'app-role',
        values: { address: 'https://vault.test:8200', roleId: 'role', secretId: '' },
      }),
    ).toThrow(/Secret ID/)
    expect(() => service.add({ ...tokenForm, id: 'other', values: { address: '', token: 'x' } })).toThrow(
      /fill in Server address/,
    )
  })

  it('reads a pasted service account key and hides it', () => {
    const { vault, service } = setup()
    const key = generateServiceAccountKey({ projectId: 'demo-project' })
    const shown = service.add({
      id: 'gcp',
      provider: 'gcp',
      kind: 'service-account-key',
      values: { serviceAccountKey: JSON.stringify(key) },
    })
    expect(shown.secretsSet).toEqual(['serviceAccountKey'])
    expect(shown.name).toBe('gcp')
    expect(JSON.stringify(shown)).not.toContain(key.private_key_id)
    expect(vault.credentials.get('gcp')).toMatchObject({ projectId: 'demo-project' })
  })

  it('refuses a bad id, a duplicate id, an unknown kind and a change of provider', () => {
    const { service } = setup()
    service.add(tokenForm)
    expect(() => service.add({ ...tokenForm, id: 'has space' })).toThrow(/letters, digits/)
    expect(() => service.add(tokenForm)).toThrow(/exists already/)
    expect(() => service.add({ ...tokenForm, id: 'x', kind: 'nope' })).toThrow(/token, app-role, cloud/)
    expect(() =>
      service.update('vault', { ...tokenForm, provider: 'gcp', kind: 'application-default' }),
    ).toThrow(/keeps its provider/)
    expect(() => service.update('missing', tokenForm)).toThrow(/no credential "missing"/)
  })

  it('passes the provider’s own validation errors on, and removes a credential from the vault', () => {
    const { vault, service } = setup()
    expect(() =>
      service.add({ ...tokenForm, values: { ...tokenForm.values, address: 'not a url' } }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CREDENTIAL' }))
    service.add(tokenForm)
    expect(service.remove('vault')).toBe(true)
    expect(vault.credentials.get('vault')).toBeUndefined()
    expect(service.list()).toEqual([])
  })
})
