import {
  type CloudCredentialInput,
  type CredentialBase,
  type Secret,
  secret,
  VaultError,
} from '@external-vault/core'
import { homePath } from './node-builtins.js'

export const AWS_PROVIDER_ID = 'aws'

interface AwsCredentialBase extends CredentialBase {
  readonly provider: typeof AWS_PROVIDER_ID
  readonly region?: string
}

/** Keys given outright: `{ type: 'temporary', region, accessKeyId, secretAccessKey, sessionToken? }` (Insomnia's form). */
export interface AwsTemporaryCredential extends AwsCredentialBase {
  readonly type: 'temporary'
  readonly region: string
  readonly accessKeyId: string
  readonly secretAccessKey: Secret
  readonly sessionToken?: Secret
}

/** A profile of the shared config and credentials files, including SSO and role profiles. */
export interface AwsProfileCredential extends AwsCredentialBase {
  readonly type: 'profile'
  readonly profile: string
  readonly credentialsFile?: string
  readonly configFile?: string
}

/** The SDK's default chain: environment, shared files, web identity, container and instance metadata. */
export interface AwsDefaultCredential extends AwsCredentialBase {
  readonly type: 'default'
}

export type AwsCredential = AwsTemporaryCredential | AwsProfileCredential | AwsDefaultCredential

const TYPES = ['temporary', 'profile', 'default'] as const
// Region names are lowercase words and digits joined by hyphens (us-east-1, us-gov-west-1, cn-north-1).
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/

function invalid(input: CloudCredentialInput, message: string): VaultError {
  return new VaultError({
    code: 'INVALID_CREDENTIAL',
    provider: AWS_PROVIDER_ID,
    message: `AWS credential "${String(input.id)}": ${message}`,
  })
}

/** A trimmed non-empty string, or undefined when absent or empty; throws when present but not text. */
function optionalText(input: CloudCredentialInput, field: string): string | undefined {
  const value = input[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalid(input, `"${field}" must be text.`)
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function requiredText(input: CloudCredentialInput, field: string, hint: string): string {
  const value = optionalText(input, field)
  if (value === undefined) throw invalid(input, `"${field}" is missing. ${hint}`)
  return value
}

function regionOf(input: CloudCredentialInput, required: boolean): string | undefined {
  const region = required
    ? requiredText(input, 'region', 'Set it to the region that holds the secrets, such as "us-east-1".')
    : optionalText(input, 'region')
  if (region !== undefined && !REGION.test(region)) {
    // The value is not repeated: a secret pasted into the wrong field must not reach a message.
    throw invalid(input, '"region" is not a region name. Use one such as "us-east-1" or "eu-west-2".')
  }
  return region
}

function filePath(input: CloudCredentialInput, field: string): string | undefined {
  const path = optionalText(input, field)
  // The AWS CLI writes "~/.aws/…" in its docs; expand it as a shell would.
  return path?.startsWith('~/') ? homePath(path.slice(2)) : path
}

/** Validates a credential from Cloud Credentials; secret fields become `Secret`s, so the result prints safely. */
export function parseAwsCredential(input: CloudCredentialInput): AwsCredential {
  const rawType = input.type ?? (input.accessKeyId === undefined ? undefined : 'temporary')
  if (typeof rawType !== 'string' || !(TYPES as readonly string[]).includes(rawType)) {
    throw invalid(
      input,
      `"type" must be "temporary" (access keys), "profile" (shared config files) or "default" (the SDK's default chain).`,
    )
  }
  const type = rawType as AwsCredential['type']
  const name = optionalText(input, 'name')
  const base = { id: input.id, provider: AWS_PROVIDER_ID, ...(name === undefined ? {} : { name }) } as const
  if (type === 'temporary') {
    const region = regionOf(input, true) as string
    const accessKeyId = requiredText(
      input,
      'accessKeyId',
      'Copy the access key id (AKIA… or ASIA…) from IAM or your SSO portal.',
    )
    if (/\s/.test(accessKeyId))
      throw invalid(input, '"accessKeyId" contains whitespace. Paste the key id alone.')
    const secretAccessKey = requiredText(
      input,
      'secretAccessKey',
      'Paste the secret access key that belongs to the key id.',
    )
    const sessionToken = optionalText(input, 'sessionToken')
    return {
      ...base,
      type,
      region,
      accessKeyId,
      secretAccessKey: secret(secretAccessKey),
      ...(sessionToken === undefined ? {} : { sessionToken: secret(sessionToken) }),
    }
  }
  const region = regionOf(input, false)
  const withRegion = { ...base, ...(region === undefined ? {} : { region }) }
  if (type === 'default') return { ...withRegion, type }
  const profile = requiredText(
    input,
    'profile',
    'Name a profile of ~/.aws/config, such as "default" or "dev".',
  )
  const credentialsFile = filePath(input, 'credentialsFile')
  const configFile = filePath(input, 'configFile')
  return {
    ...withRegion,
    type,
    profile,
    ...(credentialsFile === undefined ? {} : { credentialsFile }),
    ...(configFile === undefined ? {} : { configFile }),
  }
}

/** Every secret string a credential holds, to keep out of messages. */
export function credentialSecrets(credential: AwsCredential): string[] {
  if (credential.type !== 'temporary') return []
  return [
    credential.secretAccessKey.reveal(),
    ...(credential.sessionToken ? [credential.sessionToken.reveal()] : []),
  ]
}
