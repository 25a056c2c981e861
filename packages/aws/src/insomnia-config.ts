import { type InsomniaMapping, VaultError } from '@external-vault/core'
import { AWS_PROVIDER_ID } from './aws-credential.js'

function invalid(message: string): VaultError {
  return new VaultError({
    code: 'INVALID_REFERENCE',
    provider: AWS_PROVIDER_ID,
    message: `Insomnia AWS vault tag: ${message}`,
  })
}

/** A string field of the config, with Insomnia's empty-string-means-unset rule. */
function optional(config: Record<string, unknown>, field: string): string | undefined {
  const value = config[field]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') throw invalid(`"${field}" must be text.`)
  return value
}

/** A JSON field name as core's key syntax needs it: a name starting with "/" is written as a pointer. */
function keyFor(name: string): string {
  return name.startsWith('/') ? `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` : name
}

/**
 * Insomnia's `{ SecretId, VersionId?, VersionStage?, SecretType: 'plaintext' | 'kv', SecretKey? }`
 * (its AWSSecretConfig) → the object-reference fields. As Insomnia does, empty strings mean "not set"
 * and a kv secret without a key returns the whole value.
 */
export function awsInsomniaMapping(config: Record<string, unknown>): InsomniaMapping {
  const secretId = optional(config, 'SecretId')
  if (secretId === undefined) throw invalid('"SecretId" is missing. Give the secret\'s name or ARN.')
  const type = optional(config, 'SecretType') ?? 'plaintext'
  if (type !== 'plaintext' && type !== 'kv')
    throw invalid(`"SecretType" must be "plaintext" or "kv", not "${type}".`)
  const versionId = optional(config, 'VersionId')
  const versionStage = optional(config, 'VersionStage')
  const key = type === 'kv' ? optional(config, 'SecretKey') : undefined
  return {
    fields: {
      secret: secretId,
      ...(versionId === undefined ? {} : { versionId }),
      ...(versionStage === undefined ? {} : { versionStage }),
    },
    ...(key === undefined ? {} : { key: keyFor(key) }),
  }
}
