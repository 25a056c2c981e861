import { memoryProvider, memoryStore } from '../test-support/memory-provider.js'
import { describeProviderConformance } from './conformance.js'

const store = memoryStore()

describeProviderConformance({
  name: 'memory',
  createProvider: () => memoryProvider(store),
  credential: { id: 'main', provider: 'memory', token: store.validToken },
  badCredential: { id: 'other', provider: 'memory', token: 'wrong-token-SENTINEL' },
  json: {
    reference: 'memory://main/db',
    value: { username: 'admin-SENTINEL', password: 'hunter2-SENTINEL' },
  },
  versions: {
    current: { reference: 'memory://main/api?version=2', value: 'api-v2-SENTINEL' },
    previous: { reference: 'memory://main/api?version=1', value: 'api-v1-SENTINEL' },
  },
  missing: 'memory://main/nope',
  invalid: 'memory://main/db?colour=blue',
  sentinels: [store.validToken, 'wrong-token-SENTINEL', 'hunter2-SENTINEL', 'api-v1-SENTINEL'],
  upstreamCalls: () => store.calls,
  reset() {
    store.secrets = new Map<string, Array<string | Uint8Array>>([
      ['db', [JSON.stringify({ username: 'admin-SENTINEL', password: 'hunter2-SENTINEL' })]],
      ['api', ['api-v1-SENTINEL', 'api-v2-SENTINEL']],
    ])
  },
})
