import { createSecretManagerMock } from '@external-vault/gcp/testing'
import type { MockSide } from './mock-side.js'
import { GCP_PROJECT, plainName } from './seed-shapes.js'

/** GCP Secret Manager's mock with one project and a service-account key it minted. */
export function createGcpMock(): MockSide {
  const mock = createSecretManagerMock()
  const key = mock.mintServiceAccountKey({ projectId: GCP_PROJECT })
  const seeded = new Map<string, string>()
  // reset() forgets the count; reads before it are carried so the count only grows.
  let countedBeforeReset = 0
  const seed = (name: string, value: string) => {
    seeded.set(name, value)
    mock.addSecret({ project: GCP_PROJECT, secret: plainName(name), versions: [value] })
  }
  return {
    handlers: mock.handlers,
    info: { serviceAccountKey: key },
    seed,
    upstreamCalls: () => countedBeforeReset + mock.accessCount,
    setLatency(ms) {
      // The mock's faults have no "clear": reset (keys survive it) and seed again.
      countedBeforeReset += mock.accessCount
      mock.reset()
      for (const [name, value] of seeded) seed(name, value)
      if (ms > 0) mock.injectFault({ delay: ms, times: Number.POSITIVE_INFINITY })
    },
  }
}
