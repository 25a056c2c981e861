/**
 * A mock vault in its own process, on 127.0.0.1, so its CPU time is not charged to the client being
 * measured (as a real vault's would not be). The bench drives it over the IPC channel.
 * argv[2]: which mock (MockName).
 */
import type { MockName, MockSide } from '../rigs/mocks/mock-side.js'

export type MockRequest = {
  id: number
  method: 'seed' | 'upstreamCalls' | 'setLatency' | 'cpuMs'
  args: unknown[]
}
export type MockReply = { id: number; result?: unknown; error?: string }
export type MockReady = { ready: true; url: string; info: Record<string, unknown> }

async function createMock(name: MockName): Promise<MockSide> {
  switch (name) {
    case 'aws':
      return (await import('../rigs/mocks/aws-mock.js')).createAwsMock()
    case 'gcp':
      return (await import('../rigs/mocks/gcp-mock.js')).createGcpMock()
    case 'hashicorp-server':
      return (await import('../rigs/mocks/hashicorp-server-mock.js')).createHashicorpServerMock()
    case 'hashicorp-hcp':
      return (await import('../rigs/mocks/hashicorp-hcp-mock.js')).createHashicorpHcpMock()
    default:
      throw new Error(`No mock named "${name}".`)
  }
}

/** CPU time this process has used, user and system, in ms: what the mock itself costs. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

const send = (message: MockReply | MockReady) => process.send?.(message)
const mock = await createMock(process.argv[2] as MockName)
const { serveHandlers } = await import('@external-vault/core/testing')
const served = await serveHandlers([...mock.handlers])

process.on('message', (message: MockRequest) => {
  try {
    const result =
      message.method === 'seed'
        ? mock.seed(String(message.args[0]), String(message.args[1]))
        : message.method === 'setLatency'
          ? mock.setLatency(Number(message.args[0]))
          : message.method === 'cpuMs'
            ? cpuMs()
            : mock.upstreamCalls()
    send({ id: message.id, result })
  } catch (error) {
    send({ id: message.id, error: error instanceof Error ? error.message : String(error) })
  }
})
// The bench closing the channel (or dying) ends this process.
process.on('disconnect', () => {
  served.close().finally(() => process.exit(0))
})
send({ ready: true, url: served.url, info: mock.info })
