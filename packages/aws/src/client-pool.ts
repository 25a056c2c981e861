import type { SecretsManagerClient, SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager'
import type { STSClient, STSClientConfig } from '@aws-sdk/client-sts'
import { Secret, VaultError } from '@external-vault/core'
import { AWS_PROVIDER_ID, type AwsCredential, credentialSecrets } from './aws-credential.js'
import { nodeCrypto } from './node-builtins.js'
import { type SdkLogger, safeLogger } from './safe-logger.js'
import { loadCredentialProviders, loadSecretsManager, loadSts } from './sdk-modules.js'
import { readProfile } from './shared-config.js'

export interface ClientSettings {
  endpoint?: string
  stsEndpoint?: string
  maxAttempts: number
  clientConfig: Partial<SecretsManagerClientConfig>
}

type Identity = NonNullable<SecretsManagerClientConfig['credentials']>

/** A Secrets Manager client ready to send, with the region it signs for (undefined: the SDK's own choice). */
export interface RegionalClient {
  client: SecretsManagerClient
  region: string | undefined
}

interface Entry {
  fingerprint: string
  identity: Promise<Identity>
  /** The credential's region: its own field, or for a profile the one the shared files give. */
  region: Promise<string | undefined>
  secretsManager: Map<string, Promise<SecretsManagerClient>>
  sts?: Promise<STSClient>
}

const fingerprints = new WeakMap<AwsCredential, string>()

/** Identifies a credential's content, so an edited credential with the same id gets new clients. */
function fingerprint(credential: AwsCredential): string {
  let value = fingerprints.get(credential)
  if (value === undefined) {
    // A Secret turns into the mask through toJSON before a replacer sees it: read the holder's field instead.
    const content = JSON.stringify(credential, function (this: Record<string, unknown>, key, field: unknown) {
      const original = this[key]
      return Secret.isInstance(original) ? original.reveal() : field
    })
    value = nodeCrypto().createHash('sha256').update(content).digest('hex')
    fingerprints.set(credential, value)
  }
  return value
}

async function identityOf(credential: AwsCredential): Promise<Identity> {
  if (credential.type === 'temporary') {
    return {
      accessKeyId: credential.accessKeyId,
      secretAccessKey: credential.secretAccessKey.reveal(),
      ...(credential.sessionToken === undefined ? {} : { sessionToken: credential.sessionToken.reveal() }),
    }
  }
  const { fromIni, fromNodeProviderChain, fromSSO } = await loadCredentialProviders()
  if (credential.type === 'default') return fromNodeProviderChain()
  const files = {
    profile: credential.profile,
    ...(credential.credentialsFile === undefined ? {} : { filepath: credential.credentialsFile }),
    ...(credential.configFile === undefined ? {} : { configFilepath: credential.configFile }),
  }
  // fromIni hands SSO profiles to fromSSO without the file paths (SDK 3.11xx), so with custom files
  // an SSO profile goes to fromSSO directly; everything else (keys, roles, process, web identity) to fromIni.
  const customFiles = credential.credentialsFile !== undefined || credential.configFile !== undefined
  if (customFiles && (await readProfile(credential)).sso) return fromSSO(files)
  return fromIni(files)
}

async function regionOf(credential: AwsCredential): Promise<string | undefined> {
  if (credential.region !== undefined) return credential.region
  if (credential.type !== 'profile') return undefined
  // As the SDK does: AWS_REGION first, then the profile's own setting.
  const region = process.env.AWS_REGION?.trim() || (await readProfile(credential)).region
  if (region === undefined) {
    throw new VaultError({
      code: 'INVALID_CREDENTIAL',
      provider: AWS_PROVIDER_ID,
      message: `AWS credential "${credential.id}": no region. Profile "${credential.profile}" sets none and AWS_REGION is unset; set "region" on the credential (such as "us-east-1") or in the profile.`,
    })
  }
  return region
}

async function destroy(clients: Iterable<Promise<{ destroy(): void }> | undefined>): Promise<void> {
  const settled = await Promise.allSettled([...clients].filter((client) => client !== undefined))
  for (const result of settled) if (result.status === 'fulfilled') result.value.destroy()
}

/** One SDK client per credential and region, reused for every read; one STS client per credential. */
export class ClientPool {
  readonly #entries = new Map<string, Entry>()
  readonly #settings: ClientSettings

  constructor(settings: ClientSettings) {
    this.#settings = settings
  }

  #entry(credential: AwsCredential): Entry {
    const print = fingerprint(credential)
    const existing = this.#entries.get(credential.id)
    if (existing?.fingerprint === print) return existing
    if (existing !== undefined) void destroy([...existing.secretsManager.values(), existing.sts])
    const entry: Entry = {
      fingerprint: print,
      identity: identityOf(credential),
      region: regionOf(credential),
      secretsManager: new Map(),
    }
    // A failure surfaces where the promise is awaited; the entry is dropped so the next read tries again.
    const forget = () => {
      if (this.#entries.get(credential.id) === entry) this.#entries.delete(credential.id)
    }
    entry.identity.catch(forget)
    entry.region.catch(forget)
    this.#entries.set(credential.id, entry)
    return entry
  }

  #common(credential: AwsCredential, identity: Identity, region: string | undefined) {
    const { clientConfig, maxAttempts } = this.#settings
    const logger = clientConfig.logger as SdkLogger | undefined
    return {
      ...clientConfig,
      ...(logger === undefined ? {} : { logger: safeLogger(logger, credentialSecrets(credential)) }),
      maxAttempts,
      credentials: identity,
      ...(region === undefined ? {} : { region }),
    }
  }

  async secretsManager(credential: AwsCredential, regionOverride?: string): Promise<RegionalClient> {
    const entry = this.#entry(credential)
    const region = regionOverride ?? (await entry.region)
    const key = region ?? ''
    let client = entry.secretsManager.get(key)
    if (client === undefined) {
      client = (async () => {
        const [{ SecretsManagerClient }, identity] = await Promise.all([loadSecretsManager(), entry.identity])
        const { endpoint } = this.#settings
        return new SecretsManagerClient({
          ...this.#common(credential, identity, region),
          ...(endpoint === undefined ? {} : { endpoint }),
        })
      })()
      entry.secretsManager.set(key, client)
      // A client that failed to build is not kept: the next read tries again.
      client.catch(() => entry.secretsManager.delete(key))
    }
    return { client: await client, region }
  }

  async sts(credential: AwsCredential): Promise<{ client: STSClient; region: string | undefined }> {
    const entry = this.#entry(credential)
    const region = await entry.region
    if (entry.sts === undefined) {
      const client = (async () => {
        const [{ STSClient }, identity] = await Promise.all([loadSts(), entry.identity])
        const endpoint = this.#settings.stsEndpoint ?? this.#settings.endpoint
        const config: STSClientConfig = {
          ...(this.#common(credential, identity, region) as STSClientConfig),
          ...(endpoint === undefined ? {} : { endpoint }),
        }
        return new STSClient(config)
      })()
      entry.sts = client
      client.catch(() => {
        if (entry.sts === client) delete entry.sts
      })
    }
    return { client: await entry.sts, region }
  }

  async close(): Promise<void> {
    const entries = [...this.#entries.values()]
    this.#entries.clear()
    await destroy(entries.flatMap((entry) => [...entry.secretsManager.values(), entry.sts]))
  }
}
