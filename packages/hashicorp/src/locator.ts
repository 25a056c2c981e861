import { type ParsedReference, VaultError } from '@external-vault/core'
import type { HashicorpCredential } from './credential.js'

export type KvEngine = 'kv1' | 'kv2'

/** A KV secret on a Vault server: `<mount>/<path>`; mount and engine are detected when not given. */
export interface ServerLocator {
  readonly environment: 'on-premises'
  /** The whole path, mount included, without leading or trailing slashes. */
  readonly path: string
  /** The mount, when the reference names it (it is a prefix of `path`). */
  readonly mount?: string
  readonly engine?: KvEngine
  readonly version?: number
}

/** A static secret of an HCP Vault Secrets app. */
export interface CloudLocator {
  readonly environment: 'cloud'
  readonly organization: string
  readonly project: string
  readonly app: string
  readonly secret: string
  readonly version?: number
}

export type HashicorpLocator = ServerLocator | CloudLocator

const SERVER_OPTIONS = ['engine', 'mount', 'version'] as const
const SERVER_FIELDS = ['path', 'mount', 'engine', 'version'] as const
const CLOUD_FIELDS = ['organization', 'project', 'app', 'secret', 'version'] as const

function invalid(message: string): VaultError {
  return new VaultError({ code: 'INVALID_REFERENCE', provider: 'hashicorp', message })
}

function rejectUnknown(
  names: readonly string[],
  allowed: readonly string[],
  kind: string,
  what: string,
): void {
  for (const name of names) {
    if (!allowed.includes(name)) {
      throw invalid(
        `Unknown ${kind} "${name}" for ${what}. Use ${allowed.map((known) => `"${known}"`).join(', ')}.`,
      )
    }
  }
}

/**
 * Splits a path into segments, refusing empty, "." and ".." segments: a reference must never be able
 * to walk out of its mount into another Vault endpoint (URL parsers resolve even "%2e%2e").
 */
function pathSegments(path: string, what: string): string[] {
  const segments = path.replace(/^\/+|\/+$/g, '').split('/')
  if (segments.some((segment) => segment === '')) {
    throw invalid(
      `The ${what} "${path}" is empty or has an empty segment ("//"). Write it as <mount>/<path>.`,
    )
  }
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    throw invalid(`The ${what} "${path}" has a "." or ".." segment. Name the secret's path exactly.`)
  }
  return segments
}

function parseVersion(value: unknown): number | undefined {
  if (value === undefined) return undefined
  const text = typeof value === 'number' ? String(value) : value
  if (typeof text !== 'string' || !/^[1-9]\d{0,9}$/.test(text)) {
    throw invalid(
      `"version" must be a whole number from 1 up (got ${JSON.stringify(value)}). Leave it out for the latest.`,
    )
  }
  return Number(text)
}

function parseEngine(value: unknown): KvEngine | undefined {
  if (value === undefined) return undefined
  if (value === 'kv1' || value === 'kv2') return value
  throw invalid(`"engine" must be "kv1" or "kv2" (got ${JSON.stringify(value)}). Leave it out to detect it.`)
}

function stringField(
  fields: Readonly<Record<string, unknown>>,
  name: string,
  required: boolean,
): string | undefined {
  const value = fields[name]
  if (value === undefined && !required) return undefined
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`The reference needs "${name}" as a non-empty string.`)
  }
  return value
}

function serverLocator(
  path: string,
  mount: string | undefined,
  engine: KvEngine | undefined,
  version: number | undefined,
): ServerLocator {
  if (engine === 'kv1' && version !== undefined) {
    throw invalid(
      'KV version 1 keeps no versions. Remove "version", or use engine=kv2 for a versioned mount.',
    )
  }
  return {
    environment: 'on-premises',
    path,
    ...(mount === undefined ? {} : { mount }),
    ...(engine === undefined ? {} : { engine }),
    ...(version === undefined ? {} : { version }),
  }
}

function parseServer(reference: ParsedReference): ServerLocator {
  if (reference.locator !== undefined) {
    rejectUnknown(Object.keys(reference.options), SERVER_OPTIONS, 'option', 'a Vault server reference')
    const path = pathSegments(reference.locator, 'secret path').join('/')
    const mountOption = reference.options.mount
    const mount = mountOption === undefined ? undefined : pathSegments(mountOption, 'mount').join('/')
    if (mount !== undefined && path === mount) {
      throw invalid(
        `"${path}" names the mount "${mount}" but no secret in it. Add the secret's path after it.`,
      )
    }
    if (mount !== undefined && !path.startsWith(`${mount}/`)) {
      throw invalid(
        `The path "${path}" does not start with the mount "${mount}". Write the reference as hashicorp://<credential>/${mount}/<path>?mount=${mount}.`,
      )
    }
    return serverLocator(
      path,
      mount,
      parseEngine(reference.options.engine),
      parseVersion(reference.options.version),
    )
  }
  const fields = reference.fields ?? {}
  rejectUnknown(Object.keys(fields), SERVER_FIELDS, 'field', 'a Vault server reference')
  const rawPath = stringField(fields, 'path', true) as string
  const rawMount = stringField(fields, 'mount', false)
  // With "mount", "path" is inside it (as in Insomnia's form); without, "path" starts with the mount.
  const mount = rawMount === undefined ? undefined : pathSegments(rawMount, 'mount').join('/')
  const inner = pathSegments(rawPath, 'path').join('/')
  const path = mount === undefined ? inner : `${mount}/${inner}`
  return serverLocator(path, mount, parseEngine(fields.engine), parseVersion(fields.version))
}

function parseCloud(reference: ParsedReference): CloudLocator {
  let parts: { organization: string; project: string; app: string; secret: string }
  let version: number | undefined
  if (reference.locator !== undefined) {
    rejectUnknown(Object.keys(reference.options), ['version'], 'option', 'an HCP Vault Secrets reference')
    const segments = pathSegments(reference.locator, 'secret path')
    if (segments.length !== 4) {
      throw invalid(
        'An HCP Vault Secrets reference names four parts: hashicorp://<credential>/<organization>/<project>/<app>/<secret>.',
      )
    }
    const [organization, project, app, secretName] = segments as [string, string, string, string]
    parts = { organization, project, app, secret: secretName }
    version = parseVersion(reference.options.version)
  } else {
    const fields = reference.fields ?? {}
    rejectUnknown(Object.keys(fields), CLOUD_FIELDS, 'field', 'an HCP Vault Secrets reference')
    const part = (name: string) => pathSegments(stringField(fields, name, true) as string, name)
    const single = (name: string) => {
      const segments = part(name)
      if (segments.length !== 1) throw invalid(`"${name}" must not contain "/".`)
      return segments[0] as string
    }
    parts = {
      organization: single('organization'),
      project: single('project'),
      app: single('app'),
      secret: single('secret'),
    }
    version = parseVersion(fields.version)
  }
  return { environment: 'cloud', ...parts, ...(version === undefined ? {} : { version }) }
}

/** Turns a reference into a locator for the credential's environment; throws INVALID_REFERENCE naming the problem. */
export function parseHashicorpLocator(
  reference: ParsedReference,
  credential: HashicorpCredential,
): HashicorpLocator {
  return credential.environment === 'cloud' ? parseCloud(reference) : parseServer(reference)
}

/** Canonical and unambiguous (JSON of an array): version included, JSON key excluded. */
export function hashicorpCacheKey(locator: HashicorpLocator): string {
  if (locator.environment === 'cloud') {
    return JSON.stringify([
      'hcp',
      locator.organization,
      locator.project,
      locator.app,
      locator.secret,
      locator.version ?? 'latest',
    ])
  }
  return JSON.stringify([
    'kv',
    locator.engine ?? 'auto',
    locator.mount ?? null,
    locator.path,
    locator.version ?? 'latest',
  ])
}

/** `secret/app/db` as it reads in messages. */
export function describeLocator(locator: HashicorpLocator): string {
  if (locator.environment === 'cloud') {
    const version = locator.version === undefined ? '' : ` (version ${locator.version})`
    return `secret "${locator.secret}"${version} of app "${locator.app}" in project ${locator.project}, organization ${locator.organization}`
  }
  return `"${locator.path}"${locator.version === undefined ? '' : ` (version ${locator.version})`}`
}
