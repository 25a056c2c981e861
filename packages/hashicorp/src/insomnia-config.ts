import { type InsomniaMapping, VaultError } from '@external-vault/core'
import type { HashicorpCredential } from './credential.js'

function invalid(message: string): VaultError {
  return new VaultError({ code: 'INVALID_REFERENCE', provider: 'hashicorp', message })
}

function text(config: Record<string, unknown>, name: string, form: string): string {
  const value = config[name]
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(
      `The Insomnia ${form} config has no "${name}". Re-insert the secret from Insomnia's vault form.`,
    )
  }
  return value
}

function version(config: Record<string, unknown>): { version?: unknown } {
  const value = config.version
  // Insomnia leaves the field empty for "latest".
  return value === undefined || value === null || value === '' ? {} : { version: value }
}

/**
 * Maps the config of Insomnia's `{% vault 'hashicorp', '<credential>', '<config>' %}` tag onto the object
 * reference: `{ kvVersion, secretEnginePath, secretName, secretKey?, version? }` for a Vault server and
 * `{ type: 'static', organizationId, projectId, appName, secretName, version? }` for HCP Vault Secrets.
 */
export function hashicorpFromInsomniaConfig(
  config: Record<string, unknown>,
  credential: HashicorpCredential,
): InsomniaMapping {
  if (credential.environment === 'cloud') {
    if (config.type !== undefined && config.type !== 'static') {
      throw invalid(
        `HCP Vault Secrets "${String(config.type)}" secrets are not supported; only "static" secrets are. Pick a static secret.`,
      )
    }
    return {
      fields: {
        organization: text(config, 'organizationId', 'HCP Vault Secrets'),
        project: text(config, 'projectId', 'HCP Vault Secrets'),
        app: text(config, 'appName', 'HCP Vault Secrets'),
        secret: text(config, 'secretName', 'HCP Vault Secrets'),
        ...version(config),
      },
    }
  }
  const kvVersion = config.kvVersion
  if (kvVersion !== undefined && kvVersion !== 'v1' && kvVersion !== 'v2') {
    throw invalid(
      `The Insomnia config's "kvVersion" must be "v1" or "v2" (got ${JSON.stringify(kvVersion)}).`,
    )
  }
  const key = config.secretKey
  if (key !== undefined && key !== '' && typeof key !== 'string') {
    throw invalid('The Insomnia config\'s "secretKey" must be a string.')
  }
  return {
    fields: {
      mount: text(config, 'secretEnginePath', 'Vault'),
      path: text(config, 'secretName', 'Vault'),
      ...(kvVersion === undefined ? {} : { engine: kvVersion === 'v1' ? 'kv1' : 'kv2' }),
      ...version(config),
    },
    ...(typeof key === 'string' && key !== '' ? { key } : {}),
  }
}
