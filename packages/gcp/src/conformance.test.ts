import { describeProviderConformance } from '@external-vault/core/testing'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { gcpSecretManager } from './gcp-provider.js'
import { API_V1, API_V2, createGcpFixture, DB_VALUE } from './test-support/gcp-fixture.js'

const fixture = createGcpFixture()
const server = setupServer(...fixture.mock.handlers)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describeProviderConformance({
  name: 'gcp (Secret Manager mock, in-process)',
  createProvider: () => gcpSecretManager({ retry: { attempts: 1 } }),
  credential: fixture.credential,
  badCredential: fixture.strangerCredential,
  json: { reference: 'gcp://prod/db-creds', value: DB_VALUE },
  versions: {
    current: { reference: 'gcp://prod/api-key?version=2', value: API_V2 },
    previous: { reference: 'gcp://prod/api-key?version=1', value: API_V1 },
  },
  missing: 'gcp://prod/no-such-secret',
  invalid: 'gcp://prod/db-creds?stage=AWSCURRENT',
  sentinels: fixture.sentinels,
  upstreamCalls: () => fixture.mock.accessCount,
  reset: () => fixture.seed(),
})
