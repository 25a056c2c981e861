import type { AnySecretProvider, CloudCredentialInput } from '@external-vault/core'

/** An object reference as `vault.get` takes it. */
export type ObjectRef = { provider: string; credential: string; key?: string; [field: string]: unknown }

/** How to build the same provider in a fresh Node process: the package, its factory and plain-JSON settings. */
export interface ProviderRecipe {
  readonly packageName: string
  readonly factory: string
  readonly settings: Record<string, unknown>
  readonly credential: CloudCredentialInput
}

/**
 * One provider wired to its own mock vault (in its own process, on a 127.0.0.1 socket), with what the sections need:
 * references to seeded secrets, the mock's count of secret reads, and its latency injection.
 */
export interface Rig {
  /** The row label: 'aws', 'gcp', 'hashicorp server', 'hashicorp HCP'. */
  readonly label: string
  readonly credential: CloudCredentialInput
  /** A new provider instance pointed at the mock (sections that need a cold client take a new one). */
  createProvider(): AnySecretProvider
  /** Stores a string secret in the mock under a name valid for this vault. */
  seed(name: string, value: string): Promise<void>
  reference(name: string, key?: string): string
  objectReference(name: string, key?: string): ObjectRef
  /** Secret reads the mock has served so far (token and login calls excluded). */
  upstreamCalls(): Promise<number>
  setLatency(ms: number): Promise<void>
  /** CPU time the mock vault's process has used, in ms; absent when the mock runs in the bench's process. */
  mockCpuMs?(): Promise<number>
  /** Absent for the in-bench provider, which no package exports. */
  readonly recipe?: ProviderRecipe
  close(): Promise<void>
}

/** A provider package and the vault SDK (or HTTP client) it must load only on first use. */
export interface ProviderPackage {
  readonly packageName: string
  readonly sdk: string
}

/** A provider package the bench knows how to rig; `start` fails when the package is not built yet. */
export interface RigDefinition extends ProviderPackage {
  readonly label: string
  start(): Promise<Rig>
}
