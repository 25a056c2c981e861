import { type SecretPayload, VaultError } from '@external-vault/core'
import { responseError, unexpectedBody } from './error-mapping.js'
import type { HttpResponse } from './http-client.js'
import type { ServerLocator } from './locator.js'
import { resolveMount } from './mount-detection.js'
import {
  credentialSecrets,
  encodePath,
  type MountInfo,
  type VaultSession,
  vaultGet,
} from './vault-session.js'

interface KvMetadata {
  version?: unknown
  created_time?: unknown
  deletion_time?: unknown
  destroyed?: unknown
}

interface KvBody {
  data?: { data?: unknown; metadata?: KvMetadata | null } & Record<string, unknown>
  warnings?: unknown
}

function invalid(message: string): VaultError {
  return new VaultError({ code: 'INVALID_REFERENCE', provider: 'hashicorp', message })
}

function notFound(message: string): VaultError {
  return new VaultError({ code: 'SECRET_NOT_FOUND', provider: 'hashicorp', message })
}

function engineHint(info: MountInfo): string {
  return info.assumed
    ? ` This token may not look up mounts, so KV v2 on the mount "${info.mount}" was assumed: if the mount is KV v1 or nested deeper, add engine=kv1 or engine=kv2 (and mount=<mount>) to the reference.`
    : ''
}

/**
 * KV v1: `{data: {...}}`; KV v2: `{data: {data: {...}, metadata: {version, created_time, …}}}`
 * (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1 and …/kv/kv-v2). The whole object is the value.
 */
function payloadFrom(response: HttpResponse, info: MountInfo, path: string): SecretPayload {
  const body = response.json as KvBody | undefined
  const data = info.engine === 'kv2' ? body?.data?.data : body?.data
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw unexpectedBody('Vault', `the read of "${path}"`)
  }
  const metadata = info.engine === 'kv2' ? body?.data?.metadata : undefined
  const created = typeof metadata?.created_time === 'string' ? new Date(metadata.created_time) : undefined
  return {
    value: JSON.stringify(data),
    ...(typeof metadata?.version === 'number' ? { version: String(metadata.version) } : {}),
    ...(created !== undefined && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
  }
}

/** Why a 404 happened, in words: a deleted or destroyed v2 version, the wrong engine, or no such secret. */
function notFoundError(
  response: HttpResponse,
  info: MountInfo,
  inner: string,
  locator: ServerLocator,
): VaultError {
  const body = response.json as KvBody | undefined
  const metadata = body?.data?.metadata
  const version = typeof metadata?.version === 'number' ? metadata.version : locator.version
  if (metadata && metadata.destroyed === true) {
    return notFound(
      `Version ${version} of "${locator.path}" was destroyed and can never be read again. Reference another version (?version=N) or write the secret anew.`,
    )
  }
  if (metadata && typeof metadata.deletion_time === 'string' && metadata.deletion_time !== '') {
    return notFound(
      `Version ${version} of "${locator.path}" was deleted (${metadata.deletion_time}). Undelete it (vault kv undelete -mount=${info.mount} -versions=${version} ${inner}) or reference another version.`,
    )
  }
  const warnings = Array.isArray(body?.warnings) ? body.warnings.join(' ') : ''
  if (/versioned K\/V/i.test(warnings)) {
    return notFound(
      `"${info.mount}" is a KV v2 mount, but the secret was read as KV v1. Set engine=kv2, or leave "engine" out to detect it.`,
    )
  }
  const where = `in the KV ${info.engine === 'kv2' ? 'v2' : 'v1'} mount "${info.mount}"`
  const what = locator.version === undefined ? `"${inner}"` : `version ${locator.version} of "${inner}"`
  return notFound(
    `There is no ${what} ${where}. Check the path (names are case-sensitive).${engineHint(info)}`,
  )
}

/** Reads a KV secret from a Vault server and returns the whole `data` object as JSON text. */
export async function readKvSecret(
  session: VaultSession,
  locator: ServerLocator,
  signal: AbortSignal,
): Promise<SecretPayload> {
  const info = await resolveMount(session, locator, signal)
  if (!locator.path.startsWith(`${info.mount}/`)) {
    throw invalid(
      `"${locator.path}" names the mount "${info.mount}" but no secret in it. Add the secret's path after it.`,
    )
  }
  if (info.engine === 'kv1' && locator.version !== undefined) {
    throw invalid(
      `"${info.mount}" is a KV v1 mount, which keeps no versions. Remove "version" from the reference.`,
    )
  }
  const inner = locator.path.slice(info.mount.length + 1)
  const route =
    info.engine === 'kv2'
      ? `${encodePath(info.mount)}/data/${encodePath(inner)}`
      : `${encodePath(info.mount)}/${encodePath(inner)}`
  const query = locator.version === undefined ? '' : `version=${locator.version}`
  const response = await vaultGet(session, route, query, signal)
  if (response.status === 200) return payloadFrom(response, info, locator.path)
  if (response.status === 404) throw notFoundError(response, info, inner, locator)
  throw responseError(response, {
    service: 'Vault',
    action: `to the read of "${locator.path}"`,
    secrets: credentialSecrets(session.credential),
    advice: {
      forbidden: `Give the token's policy "read" on ${info.engine === 'kv2' ? `${info.mount}/data/${inner}` : locator.path}.${engineHint(info)}`,
    },
  })
}
