import type { CloudCredentialInput } from '@external-vault/core'
import type { RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { type HashicorpVaultSettings, hashicorpVault } from '../hashicorp-provider.js'
import {
  createHcpVaultSecretsMock,
  createVaultServerMock,
  type HcpVaultSecretsMock,
  type VaultServerMock,
} from '../testing/index.js'

/** Loopback addresses only: answered in-process by msw, and harmless should a request ever escape. */
export const VAULT_ADDRESS = 'http://127.0.0.1:8200'
export const HCP_AUTH_URL = 'http://127.0.0.1:8201'
export const HCP_API_URL = 'http://127.0.0.1:8202'

/** Every secret in play; none may ever be printed. */
export const SENTINEL = {
  rootToken: 'hvs.ROOT-SENTINEL-token-1111',
  roleId: 'role-SENTINEL-7777',
  secretId: 'secretid-SENTINEL-8888',
  clientSecret: 'hcp-secret-SENTINEL-9999',
  dbPassword: 'db-pass-SENTINEL-2222',
  apiV1: 'api-v1-SENTINEL-3333',
  apiV2: 'api-v2-SENTINEL-4444',
  legacyKey: 'legacy-SENTINEL-5555',
  adminPassword: 'admin-ns-SENTINEL-6666',
  nestedPass: 'nested-SENTINEL-7878',
  hcpDbPassword: 'hcp-db-SENTINEL-aaaa',
  hcpKeyV1: 'hcp-key-v1-SENTINEL-bbbb',
  hcpKeyV2: 'hcp-key-v2-SENTINEL-cccc',
} as const

export const HCP_CLIENT_ID = 'hcp-client-id'
export const HCP_LOCATION = { organization: 'org-1', project: 'proj-1', app: 'web' }

/** KV v2 at secret/ (and in namespace admin), KV v1 at kv1/, nested KV v2 at team/a/kv/, a root token and an AppRole. */
export function seedVault(vault: VaultServerMock): void {
  vault.reset()
  vault.enableKv('secret', { version: 2 })
  vault.enableKv('kv1', { version: 1 })
  vault.enableKv('team/a/kv', { version: 2 })
  vault.enableKv('secret', { version: 2, namespace: 'admin' })
  vault.writeSecret('secret/app/db', { username: 'app-user', password: SENTINEL.dbPassword })
  vault.writeSecret('secret/app/api', { token: SENTINEL.apiV1 })
  vault.writeSecret('secret/app/api', { token: SENTINEL.apiV2 })
  vault.writeSecret('kv1/legacy/config', { url: 'https://db.internal', key: SENTINEL.legacyKey })
  vault.writeSecret('team/a/kv/service/creds', { user: 'svc', pass: SENTINEL.nestedPass })
  vault.writeSecret('secret/app/db', { password: SENTINEL.adminPassword }, { namespace: 'admin' })
  vault.createToken({ id: SENTINEL.rootToken })
  vault.createAppRole({ roleId: SENTINEL.roleId, secretId: SENTINEL.secretId, tokenTtl: 3600 })
}

/** A service principal and an app with a JSON secret and a two-version secret. */
export function seedHcp(hcp: HcpVaultSecretsMock): void {
  hcp.reset()
  hcp.addServicePrincipal({ clientId: HCP_CLIENT_ID, clientSecret: SENTINEL.clientSecret })
  hcp.setSecret(
    { ...HCP_LOCATION, name: 'db_json' },
    JSON.stringify({ user: 'web-user', password: SENTINEL.hcpDbPassword }),
  )
  hcp.setSecret({ ...HCP_LOCATION, name: 'api_key' }, SENTINEL.hcpKeyV1)
  hcp.setSecret({ ...HCP_LOCATION, name: 'api_key' }, SENTINEL.hcpKeyV2)
}

export function tokenCredential(overrides: Record<string, unknown> = {}): CloudCredentialInput {
  return {
    id: 'vault',
    provider: 'hashicorp',
    environment: 'on-premises',
    address: `${VAULT_ADDRESS}/`,
    auth: { method: 'token', token: SENTINEL.rootToken },
    ...overrides,
  }
}

export function appRoleCredential(overrides: Record<string, unknown> = {}): CloudCredentialInput {
  return tokenCredential({
    id: 'approle',
    auth: { method: 'app-role', roleId: SENTINEL.roleId, secretId: SENTINEL.secretId },
    ...overrides,
  })
}

export function cloudCredential(overrides: Record<string, unknown> = {}): CloudCredentialInput {
  return {
    id: 'hcp',
    provider: 'hashicorp',
    environment: 'cloud',
    clientId: HCP_CLIENT_ID,
    clientSecret: SENTINEL.clientSecret,
    ...overrides,
  }
}

/** The provider pointed at the mocks, with immediate retries so failure tests stay quick. */
export function testProvider(settings: HashicorpVaultSettings = {}) {
  return hashicorpVault({
    hcpAuthUrl: HCP_AUTH_URL,
    hcpApiUrl: HCP_API_URL,
    retry: 2,
    retryDelay: 0,
    ...settings,
  })
}

/** Both mocks, seeded, served in-process by msw for the test file; anything unmocked fails the test. */
export function useMocks(): { vault: VaultServerMock; hcp: HcpVaultSecretsMock } {
  const vault = createVaultServerMock()
  const hcp = createHcpVaultSecretsMock()
  const server = setupServer(...(vault.handlers as RequestHandler[]), ...hcp.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    seedVault(vault)
    seedHcp(hcp)
  })
  afterAll(() => server.close())
  seedVault(vault)
  seedHcp(hcp)
  return { vault, hcp }
}
