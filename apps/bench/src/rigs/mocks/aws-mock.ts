import { createSecretsManagerMock } from '@external-vault/aws/testing'
import type { MockSide } from './mock-side.js'

/** Secrets Manager's mock with one temporary access key (key id, secret key and session token). */
export function createAwsMock(): MockSide {
  const mock = createSecretsManagerMock()
  const key = mock.createAccessKey({ temporary: true })
  const seeded = new Set<string>()
  return {
    handlers: mock.handlers,
    info: {
      region: mock.region,
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      sessionToken: key.sessionToken,
    },
    seed(name, value) {
      // Seeding a name again adds a version that becomes AWSCURRENT, as PutSecretValue does.
      if (seeded.has(name)) mock.putSecretValue(name, value)
      else mock.addSecret({ name, value })
      seeded.add(name)
    },
    upstreamCalls: () => mock.readCount,
    setLatency(ms) {
      mock.clearFaults()
      if (ms > 0)
        mock.injectFault({ operation: 'GetSecretValue', latency: ms, times: Number.POSITIVE_INFINITY })
    },
  }
}
