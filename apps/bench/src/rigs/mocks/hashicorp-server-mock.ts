import { createVaultServerMock } from '@external-vault/hashicorp/testing'
import type { MockSide } from './mock-side.js'
import { readLatency } from './read-latency.js'
import { KV_MOUNT, kvData } from './seed-shapes.js'

const TOKEN = 'hvs.bench-token-for-the-benchmark'

/** A Vault server with a KV v2 mount and a token that may read it. */
export function createHashicorpServerMock(): MockSide {
  const mock = createVaultServerMock()
  mock.enableKv(KV_MOUNT, { version: 2 })
  mock.createToken({ id: TOKEN })
  return {
    handlers: mock.handlers,
    info: { token: TOKEN },
    seed: (name, value) => void mock.writeSecret(`${KV_MOUNT}/${name}`, kvData(value)),
    upstreamCalls: () => mock.calls.filter((call) => call.kind === 'kv-read').length,
    setLatency: readLatency(mock, (call) => call.kind === 'kv-read'),
  }
}
