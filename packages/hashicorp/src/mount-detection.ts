import { VaultError } from '@external-vault/core'
import { isInvalidToken, responseError, unexpectedBody } from './error-mapping.js'
import type { ServerLocator } from './locator.js'
import {
  credentialSecrets,
  encodePath,
  type MountInfo,
  type VaultSession,
  vaultGet,
} from './vault-session.js'

/** Statuses meaning "this token may not ask": fall back to KV v2 on the first segment, as the Vault CLI does. */
const DENIED = new Set([400, 403, 404, 405])

function firstSegment(path: string): string {
  return path.split('/')[0] as string
}

/** The longest known mount that holds `path` (and equals the named mount, if any). */
function knownMount(session: VaultSession, locator: ServerLocator): MountInfo | undefined {
  if (locator.mount !== undefined) return session.mounts.get(locator.mount)
  let best: MountInfo | undefined
  for (const info of session.mounts.values()) {
    if (locator.path.startsWith(`${info.mount}/`) && info.mount.length > (best?.mount.length ?? 0))
      best = info
  }
  return best
}

function mountPath(raw: unknown, namespace: string | undefined): string | undefined {
  if (typeof raw !== 'string') return undefined
  let path = raw.replace(/^\/+|\/+$/g, '')
  // Vault gives the path relative to the request's namespace; tolerate one that includes it.
  if (namespace !== undefined && path.startsWith(`${namespace}/`)) path = path.slice(namespace.length + 1)
  return path === '' ? undefined : path
}

/**
 * `GET /v1/sys/internal/ui/mounts/<path>` → `{data: {path: "secret/", type: "kv", options: {version: "2"}}}`,
 * what `vault kv get` asks before reading (https://developer.hashicorp.com/vault/api-docs/system/internal-ui-mounts).
 */
async function lookUp(
  session: VaultSession,
  locator: ServerLocator,
  signal: AbortSignal,
): Promise<MountInfo> {
  const { credential } = session
  const target = locator.mount ?? locator.path
  const response = await vaultGet(session, `sys/internal/ui/mounts/${encodePath(target)}`, '', signal)
  if (DENIED.has(response.status) && !isInvalidToken(response)) {
    return { mount: locator.mount ?? firstSegment(locator.path), engine: 'kv2', assumed: true }
  }
  if (response.status !== 200) {
    throw responseError(response, {
      service: 'Vault',
      action: `to the mount lookup for "${target}"`,
      secrets: credentialSecrets(credential),
    })
  }
  const data = (response.json as { data?: { path?: unknown; type?: unknown; options?: unknown } } | undefined)
    ?.data
  const mount = mountPath(data?.path, credential.namespace)
  if (data === undefined || mount === undefined || !(target === mount || target.startsWith(`${mount}/`))) {
    throw unexpectedBody('Vault', `the mount lookup for "${target}"`)
  }
  if (data.type !== 'kv' && data.type !== 'generic') {
    throw new VaultError({
      code: 'INVALID_REFERENCE',
      provider: 'hashicorp',
      retryable: false,
      message: `The mount "${mount}" is a ${String(data.type)} secrets engine, not KV. This provider reads KV v1 and v2 secrets; reference a path in a KV mount.`,
    })
  }
  const version = (data.options as { version?: unknown } | null | undefined)?.version
  return { mount, engine: String(version) === '2' ? 'kv2' : 'kv1', assumed: false }
}

/**
 * The mount and KV version of a secret: from the reference when it says (`engine`, `mount`), else
 * looked up once per credential and mount and remembered. A refused lookup assumes KV v2 on the first
 * path segment; the read's error then says to set `engine`.
 */
export async function resolveMount(
  session: VaultSession,
  locator: ServerLocator,
  signal: AbortSignal,
): Promise<MountInfo> {
  if (locator.engine !== undefined && locator.mount !== undefined) {
    return { mount: locator.mount, engine: locator.engine, assumed: false }
  }
  if (locator.engine !== undefined) {
    return { mount: firstSegment(locator.path), engine: locator.engine, assumed: false }
  }
  const known = knownMount(session, locator)
  if (known !== undefined) return known
  const key = locator.mount ?? locator.path
  let pending = session.lookups.get(key)
  if (pending === undefined) {
    pending = lookUp(session, locator, signal).finally(() => session.lookups.delete(key))
    session.lookups.set(key, pending)
  }
  const info = await pending
  session.mounts.set(locator.mount ?? info.mount, info)
  return info
}
