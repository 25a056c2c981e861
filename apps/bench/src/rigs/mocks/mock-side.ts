import type { RequestHandler } from 'msw'

/**
 * A provider's mock vault as the mock-server process runs it: its msw handlers, plain-JSON facts the
 * client side needs (keys, tokens the mock issued), and the controls the sections use.
 */
export interface MockSide {
  readonly handlers: readonly RequestHandler[]
  /** JSON-safe; handed to the rig in the bench process. */
  readonly info: Record<string, unknown>
  seed(name: string, value: string): void
  /** Secret reads served so far, never decreasing (token, login and discovery calls excluded). */
  upstreamCalls(): number
  /** Every secret read answers after this many ms (the mock's own latency injection). */
  setLatency(ms: number): void
}

export type MockName = 'aws' | 'gcp' | 'hashicorp-server' | 'hashicorp-hcp'
