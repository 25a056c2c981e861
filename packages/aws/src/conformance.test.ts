import { describeProviderConformance } from '@external-vault/core/testing'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { testbed } from './test-support/testbed.js'

const { mock, key, credential, provider } = testbed()
const server = setupServer(...mock.handlers)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

const json = { username: 'admin-SENTINEL', password: 'hunter2-SENTINEL' }

describeProviderConformance({
  name: 'aws',
  createProvider: () => provider({ maxAttempts: 1 }),
  credential,
  badCredential: { ...credential, id: 'bad', secretAccessKey: 'wrong-secret-key-SENTINEL' },
  json: { reference: 'aws://prod/app/db+creds', value: json },
  versions: {
    current: { reference: 'aws://prod/app/api?versionStage=AWSCURRENT', value: 'api-v2-SENTINEL' },
    previous: { reference: 'aws://prod/app/api?versionStage=AWSPREVIOUS', value: 'api-v1-SENTINEL' },
  },
  missing: 'aws://prod/app/nope',
  invalid: 'aws://prod/app/api?colour=blue',
  sentinels: [
    key.secretAccessKey,
    key.sessionToken as string,
    'wrong-secret-key-SENTINEL',
    'hunter2-SENTINEL',
    'admin-SENTINEL',
    'api-v1-SENTINEL',
    'api-v2-SENTINEL',
  ],
  upstreamCalls: () => mock.readCount,
  reset() {
    mock.reset()
    mock.addSecret({ name: 'app/db+creds', value: JSON.stringify(json) })
    mock.addSecret({ name: 'app/api', versions: ['api-v1-SENTINEL', 'api-v2-SENTINEL'] })
  },
})
