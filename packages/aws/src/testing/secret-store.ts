import { randomBytes, randomUUID } from 'node:crypto'

/** One version of a seeded secret. Among versions without `stages`, the newest is AWSCURRENT and the one before AWSPREVIOUS. */
export interface MockVersionInput {
  value: string | Uint8Array
  /** Secrets Manager version ids are 32–64 characters; a UUID by default. */
  versionId?: string
  stages?: string[]
  createdAt?: Date
}

export interface MockSecretInput {
  name: string
  /** One of the mock's regions; its first by default. */
  region?: string
  /** A single value (one AWSCURRENT version), or use `versions`. */
  value?: string | Uint8Array
  /** Oldest first. */
  versions?: Array<string | Uint8Array | MockVersionInput>
  /** Scheduled for deletion: reads answer InvalidRequestException. */
  scheduledForDeletion?: boolean
  /** KMS cannot decrypt it: reads answer DecryptionFailure. */
  decryptionFailure?: boolean
  /** Access key ids whose reads answer AccessDeniedException. */
  deniedAccessKeys?: string[]
}

export interface MockVersion {
  readonly versionId: string
  readonly value: string | Uint8Array
  stages: string[]
  readonly createdAt: Date
}

export interface MockSecret {
  readonly arn: string
  readonly name: string
  readonly region: string
  readonly versions: MockVersion[]
  scheduledForDeletion: boolean
  decryptionFailure: boolean
  readonly deniedAccessKeys: Set<string>
}

/** What seeding returns: the ARN AWS gave the secret and its versions' ids and stages. */
export interface SeededSecret {
  arn: string
  name: string
  region: string
  versions: Array<{ versionId: string; stages: string[] }>
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

// Secrets Manager appends a hyphen and six random characters to a secret's name in its ARN.
function arnSuffix(): string {
  return [...randomBytes(6)].map((byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('')
}

function toVersion(input: MockVersionInput, stages: string[], age: number): MockVersion {
  return {
    versionId: input.versionId ?? randomUUID(),
    value: typeof input.value === 'string' ? input.value : Uint8Array.from(input.value),
    stages: [...(input.stages ?? stages)],
    // Older versions get older dates so CreatedDate orders like the real service's.
    createdAt: input.createdAt ?? new Date(Date.now() - age * 60_000),
  }
}

/** Seeds versions oldest first; among those without `stages`, the newest is AWSCURRENT and the one before AWSPREVIOUS. */
function toVersions(inputs: Array<string | Uint8Array | MockVersionInput>): MockVersion[] {
  const versions = inputs.map((input) =>
    typeof input === 'string' || input instanceof Uint8Array ? { value: input } : input,
  )
  const unlabelled = versions.filter((version) => version.stages === undefined)
  const defaults = new Map<MockVersionInput, string[]>()
  if (unlabelled.length > 0)
    defaults.set(unlabelled[unlabelled.length - 1] as MockVersionInput, ['AWSCURRENT'])
  if (unlabelled.length > 1)
    defaults.set(unlabelled[unlabelled.length - 2] as MockVersionInput, ['AWSPREVIOUS'])
  return versions.map((version, index) =>
    toVersion(version, defaults.get(version) ?? [], versions.length - 1 - index),
  )
}

export function describeSeeded(secret: MockSecret): SeededSecret {
  return {
    arn: secret.arn,
    name: secret.name,
    region: secret.region,
    versions: secret.versions.map((version) => ({
      versionId: version.versionId,
      stages: [...version.stages],
    })),
  }
}

/** Secrets by region, found by name, full ARN or partial ARN (without the random suffix), as GetSecretValue finds them. */
export class SecretStore {
  readonly #secrets = new Map<string, MockSecret>()

  constructor(private readonly accountId: string) {}

  add(input: MockSecretInput, region: string): MockSecret {
    const versions = input.versions ?? (input.value === undefined ? [] : [input.value])
    if (versions.length === 0) throw new TypeError(`Secret "${input.name}" needs a value or versions.`)
    if (this.find(region, input.name) !== undefined)
      throw new TypeError(
        `Secret "${input.name}" already exists in ${region}; use putSecretValue to add a version.`,
      )
    const secret: MockSecret = {
      arn: `arn:aws:secretsmanager:${region}:${this.accountId}:secret:${input.name}-${arnSuffix()}`,
      name: input.name,
      region,
      versions: toVersions(versions),
      scheduledForDeletion: input.scheduledForDeletion ?? false,
      decryptionFailure: input.decryptionFailure ?? false,
      deniedAccessKeys: new Set(input.deniedAccessKeys ?? []),
    }
    this.#secrets.set(secret.arn, secret)
    return secret
  }

  /** A new version, as PutSecretValue makes it: AWSCURRENT moves to it and the old current becomes AWSPREVIOUS. */
  put(secret: MockSecret, value: string | Uint8Array, stages = ['AWSCURRENT']): MockVersion {
    const previousCurrent = stages.includes('AWSCURRENT')
      ? secret.versions.find((version) => version.stages.includes('AWSCURRENT'))
      : undefined
    // A stage labels one version at a time: moving it here takes it off the others.
    for (const version of secret.versions) {
      version.stages = version.stages.filter(
        (stage) => !stages.includes(stage) && !(previousCurrent !== undefined && stage === 'AWSPREVIOUS'),
      )
    }
    previousCurrent?.stages.push('AWSPREVIOUS')
    const version = toVersion({ value }, stages, 0)
    secret.versions.push(version)
    return version
  }

  remove(secret: MockSecret): void {
    this.#secrets.delete(secret.arn)
  }

  clear(): void {
    this.#secrets.clear()
  }

  find(region: string, secretId: string): MockSecret | undefined {
    for (const secret of this.#secrets.values()) {
      if (secret.region !== region) continue
      if (secret.name === secretId || secret.arn === secretId) return secret
      // A partial ARN leaves out the "-xxxxxx" suffix.
      if (secretId.startsWith('arn:') && secret.arn.slice(0, -7) === secretId) return secret
    }
    return undefined
  }
}
