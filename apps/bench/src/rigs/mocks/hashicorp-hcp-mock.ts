import { createHcpVaultSecretsMock } from '@external-vault/hashicorp/testing'
import type { MockSide } from './mock-side.js'
import { readLatency } from './read-latency.js'
import { HCP_APP, plainName } from './seed-shapes.js'

const PRINCIPAL = { clientId: 'bench-client-id', clientSecret: 'bench-client-secret-for-the-benchmark' }

/** HCP Vault Secrets: token endpoint and app secrets, one service principal. */
export function createHashicorpHcpMock(): MockSide {
  const mock = createHcpVaultSecretsMock()
  mock.addServicePrincipal(PRINCIPAL)
  return {
    handlers: mock.handlers,
    info: PRINCIPAL,
    seed: (name, value) => void mock.setSecret({ ...HCP_APP, name: plainName(name) }, value),
    upstreamCalls: () => mock.calls.filter((call) => call.kind === 'open').length,
    setLatency: readLatency(mock, (call) => call.kind === 'open'),
  }
}
