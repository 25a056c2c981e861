import { fork } from 'node:child_process'
import type { MockReady, MockReply, MockRequest } from '../children/mock-server.js'
import { childScript } from '../measure/node-child.js'
import type { MockName } from './mocks/mock-side.js'
import type { Rig } from './rig.js'

/** The bench's handle on a mock vault running in its own process; a rig spreads these controls as its own. */
export interface RemoteMock {
  readonly url: string
  readonly info: Record<string, unknown>
  seed(name: string, value: string): Promise<void>
  upstreamCalls(): Promise<number>
  setLatency(ms: number): Promise<void>
  /** CPU time the mock process has used so far, in ms. */
  mockCpuMs(): Promise<number>
  close(): Promise<void>
}

export async function startRemoteMock(name: MockName): Promise<RemoteMock> {
  const child = fork(childScript('mock-server.js'), [name], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let nextId = 0
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => {
      const error = new Error(`The ${name} mock server exited (${code}): ${stderr.trim()}`)
      for (const waiter of pending.values()) waiter.reject(error)
      reject(error)
    })
  })
  exited.catch(() => {})
  const ready = await Promise.race([
    new Promise<MockReady>((resolve) => {
      child.on('message', (message: MockReady | MockReply) => {
        if ('ready' in message) return resolve(message)
        const waiter = pending.get(message.id)
        pending.delete(message.id)
        if (message.error !== undefined) waiter?.reject(new Error(message.error))
        else waiter?.resolve(message.result)
      })
    }),
    exited,
  ])
  const call = (method: MockRequest['method'], ...args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      child.send({ id, method, args } satisfies MockRequest)
    })
  return {
    url: ready.url,
    info: ready.info,
    seed: async (secret, value) => void (await call('seed', secret, value)),
    upstreamCalls: async () => Number(await call('upstreamCalls')),
    setLatency: async (ms) => void (await call('setLatency', ms)),
    mockCpuMs: async () => Number(await call('cpuMs')),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.disconnect()
      }),
  }
}

/** The controls a rig takes over from its mock as they are. */
export function rigControls(
  mock: RemoteMock,
): Pick<Rig, 'seed' | 'upstreamCalls' | 'setLatency' | 'mockCpuMs' | 'close'> {
  const { seed, upstreamCalls, setLatency, mockCpuMs, close } = mock
  return { seed, upstreamCalls, setLatency, mockCpuMs, close }
}
