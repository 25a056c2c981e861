import { describeProviderConformance } from '@external-vault/core/testing'
import {
  appRoleCredential,
  cloudCredential,
  SENTINEL,
  seedHcp,
  seedVault,
  testProvider,
  tokenCredential,
  useMocks,
} from './test-support/fixtures.js'

const { vault, hcp } = useMocks()
const vaultReads = () => vault.calls.filter((call) => call.kind === 'kv-read').length
const vaultSentinels = Object.values(SENTINEL)

const serverReferences = (credential: string) => ({
  json: {
    reference: `hashicorp://${credential}/secret/app/db`,
    value: { username: 'app-user', password: SENTINEL.dbPassword },
  },
  versions: {
    current: { reference: `hashicorp://${credential}/secret/app/api#token`, value: SENTINEL.apiV2 },
    previous: {
      reference: `hashicorp://${credential}/secret/app/api?version=1#token`,
      value: SENTINEL.apiV1,
    },
  },
  missing: `hashicorp://${credential}/secret/app/nothing-here`,
  invalid: `hashicorp://${credential}/secret/app/db?colour=blue`,
})

describeProviderConformance({
  name: 'Vault server, token',
  createProvider: () => testProvider(),
  credential: tokenCredential(),
  badCredential: tokenCredential({ auth: { method: 'token', token: 'hvs.not-a-token-the-mock-knows' } }),
  ...serverReferences('vault'),
  sentinels: vaultSentinels,
  upstreamCalls: vaultReads,
  reset: () => seedVault(vault),
})

describeProviderConformance({
  name: 'Vault server, AppRole',
  createProvider: () => testProvider(),
  credential: appRoleCredential(),
  badCredential: appRoleCredential({
    auth: { method: 'app-role', roleId: SENTINEL.roleId, secretId: 'wrong-secret-id' },
  }),
  ...serverReferences('approle'),
  sentinels: vaultSentinels,
  upstreamCalls: vaultReads,
  reset: () => seedVault(vault),
})

describeProviderConformance({
  name: 'HCP Vault Secrets',
  createProvider: () => testProvider(),
  credential: cloudCredential(),
  badCredential: cloudCredential({ clientSecret: 'not-the-client-secret' }),
  json: {
    reference: 'hashicorp://hcp/org-1/proj-1/web/db_json',
    value: { user: 'web-user', password: SENTINEL.hcpDbPassword },
  },
  versions: {
    current: { reference: 'hashicorp://hcp/org-1/proj-1/web/api_key', value: SENTINEL.hcpKeyV2 },
    previous: { reference: 'hashicorp://hcp/org-1/proj-1/web/api_key?version=1', value: SENTINEL.hcpKeyV1 },
  },
  missing: 'hashicorp://hcp/org-1/proj-1/web/no_such_secret',
  invalid: 'hashicorp://hcp/org-1/proj-1/web/api_key?engine=kv2',
  sentinels: vaultSentinels,
  upstreamCalls: () => hcp.calls.filter((call) => call.kind === 'open').length,
  reset: () => seedHcp(hcp),
})
