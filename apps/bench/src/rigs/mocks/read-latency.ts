/** The fault-queue shape of the HashiCorp mocks: `failNext` with a latency, a count and a matcher. */
interface FaultQueueMock<Call> {
  failNext(fault: { latency: number; count: number; match: (call: Call) => boolean }): void
}

/**
 * Latency for every secret read through a mock whose faults cannot be cleared one by one: each
 * setting queues an endless latency fault that matches only while it is the current setting.
 */
export function readLatency<Call>(
  mock: FaultQueueMock<Call>,
  isRead: (call: Call) => boolean,
): (ms: number) => void {
  let current = 0
  return (ms) => {
    current = ms
    if (ms > 0)
      mock.failNext({
        latency: ms,
        count: Number.POSITIVE_INFINITY,
        match: (call) => isRead(call) && current === ms,
      })
  }
}
