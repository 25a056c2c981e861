import type { SecretManagerServiceClient } from '@google-cloud/secret-manager'
import type { GcpClientOptions } from './client-options.js'
import type { GcpCredential } from './gcp-credential.js'
import { nodeCrypto } from './node-builtins.js'

type SdkModule = typeof import('@google-cloud/secret-manager')

let sdk: Promise<SdkModule> | undefined

/** The Google SDK is loaded on first use only: importing this package must stay cheap. */
function loadSdk(): Promise<SdkModule> {
  sdk ??= import('@google-cloud/secret-manager').catch((error: unknown) => {
    sdk = undefined
    throw error
  })
  return sdk
}

const contentHashes = new WeakMap<GcpCredential, string>()

/** Tells apart two versions of one credential id; kept in memory only, never printed. */
function contentHash(credential: GcpCredential): string {
  let hash = contentHashes.get(credential)
  if (hash === undefined) {
    const content =
      credential.kind === 'service-account'
        ? [
            credential.clientEmail,
            credential.privateKeyId,
            credential.privateKey.reveal(),
            credential.universeDomain,
          ]
        : [credential.projectId]
    hash = nodeCrypto()
      .createHash('sha256')
      .update(JSON.stringify([credential.kind, credential.projectId, ...content]))
      .digest('base64url')
    contentHashes.set(credential, hash)
  }
  return hash
}

export interface ClientPool {
  /** The one client for this credential (and location), created on first use. */
  get(credential: GcpCredential, location: string | undefined): Promise<SecretManagerServiceClient>
  close(): Promise<void>
}

interface PoolEntry {
  hash: string
  clients: Map<string, Promise<SecretManagerServiceClient>>
}

async function closeAll(clients: Iterable<Promise<SecretManagerServiceClient>>): Promise<void> {
  await Promise.allSettled([...clients].map(async (client) => (await client).close()))
}

/**
 * One SDK client per credential and location (the endpoint is fixed per provider), reused by every fetch.
 * When a credential's content changes (credentials.update), its old clients are closed and replaced.
 */
export function createClientPool(
  options: (credential: GcpCredential, location: string | undefined) => GcpClientOptions,
): ClientPool {
  const entries = new Map<string, PoolEntry>()
  return {
    get(credential, location) {
      const hash = contentHash(credential)
      let entry = entries.get(credential.id)
      if (entry === undefined || entry.hash !== hash) {
        if (entry !== undefined) void closeAll(entry.clients.values())
        entry = { hash, clients: new Map() }
        entries.set(credential.id, entry)
      }
      const slot = location ?? ''
      let client = entry.clients.get(slot)
      if (client === undefined) {
        client = loadSdk().then(({ SecretManagerServiceClient }) => {
          return new SecretManagerServiceClient(options(credential, location))
        })
        // A failed load is not kept: the next call tries again.
        const created = client
        client.catch(() => {
          if (entry?.clients.get(slot) === created) entry.clients.delete(slot)
        })
        entry.clients.set(slot, client)
      }
      return client
    },
    async close() {
      const all = [...entries.values()].flatMap((entry) => [...entry.clients.values()])
      entries.clear()
      await closeAll(all)
    },
  }
}
