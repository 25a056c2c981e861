import { type InsomniaMapping, type ParsedReference, VaultError } from '@external-vault/core'
import type { GcpCredential } from './gcp-credential.js'

/** One secret version: what `fetchSecret` reads. */
export interface GcpLocator {
  /** Project id or number; absent only for ADC without a project, resolved from ADC when fetching. */
  project?: string
  /** Set for regional secrets (served from `secretmanager.<location>.rep.googleapis.com`). */
  location?: string
  secret: string
  /** `latest`, a version number, or a version alias. */
  version: string
}

const OPTIONS = ['version', 'project', 'location'] as const
const FIELDS = ['secret', ...OPTIONS] as const

// Shapes from the Secret Manager REST reference (projects.secrets / projects.secrets.versions):
// secret ids are letters, digits, "_" and "-" up to 255; aliases start with a letter, up to 63.
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/
const ALIAS = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/
const NUMBER = /^\d{1,19}$/
const PROJECT = /^[A-Za-z0-9][A-Za-z0-9.:_-]{0,62}$/
const LOCATION = /^[a-z][a-z0-9-]{0,62}$/
const RESOURCE_NAME = /^projects\/([^/]+)\/(?:locations\/([^/]+)\/)?secrets\/([^/]+)(?:\/versions\/([^/]+))?$/

const SYNTAX =
  'Write gcp://<credential>/<secret>[?version=N|latest|alias][&project=P][&location=L], or the resource name projects/P/secrets/S[/versions/V] (projects/P/locations/L/secrets/S for regional secrets).'

function invalid(message: string): VaultError {
  return new VaultError({ code: 'INVALID_REFERENCE', provider: 'gcp', message })
}

function text(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '')
    throw invalid(`"${what}" must be a non-empty string. ${SYNTAX}`)
  return value
}

function normaliseVersion(version: string): string {
  if (version === 'latest') return version
  if (NUMBER.test(version)) {
    const number = BigInt(version)
    if (number > 0n) return number.toString()
    throw invalid('Secret versions are numbered from 1. Use ?version=1 or later, or ?version=latest.')
  }
  if (ALIAS.test(version)) return version
  throw invalid(
    `"${version}" is not a version. Use a version number (1, 2, …), "latest", or an alias (a letter, then letters, digits, "_" or "-").`,
  )
}

function check(value: string, pattern: RegExp, message: string): string {
  if (!pattern.test(value)) throw invalid(message)
  return value
}

/** The names given in a reference, whichever way it was written. */
interface Given {
  name: string
  version?: string | undefined
  project?: string | undefined
  location?: string | undefined
}

function fromReference(reference: ParsedReference): Given {
  if (reference.locator !== undefined) {
    const unknown = Object.keys(reference.options).filter(
      (option) => !(OPTIONS as readonly string[]).includes(option),
    )
    if (unknown.length > 0)
      throw invalid(`Unknown option "${unknown[0]}" in a gcp reference. Use version, project or location.`)
    const { version, project, location } = reference.options
    return { name: reference.locator, version, project, location }
  }
  const fields = reference.fields ?? {}
  const unknown = Object.keys(fields).filter((field) => !(FIELDS as readonly string[]).includes(field))
  if (unknown.length > 0)
    throw invalid(
      `Unknown field "${unknown[0]}" in a gcp reference. Use secret, version, project, location and key.`,
    )
  const name = text(fields.secret, 'secret')
  if (name === undefined) throw invalid(`A gcp object reference needs "secret". ${SYNTAX}`)
  return {
    name,
    // A version may be written as a number in an object reference.
    version: Number.isInteger(fields.version) ? String(fields.version) : text(fields.version, 'version'),
    project: text(fields.project, 'project'),
    location: text(fields.location, 'location'),
  }
}

/** Turns a URI or object reference into a locator; throws INVALID_REFERENCE naming what to fix. */
export function parseGcpLocator(reference: ParsedReference, credential: GcpCredential): GcpLocator {
  const given = fromReference(reference)
  const full = RESOURCE_NAME.exec(given.name)
  let project = given.project
  let location = given.location
  let secretId = given.name
  let version = given.version
  if (full !== null) {
    const [, nameProject, nameLocation, nameSecret, nameVersion] = full as unknown as [
      string,
      string,
      string | undefined,
      string,
      string | undefined,
    ]
    for (const [what, inName, inOption] of [
      ['project', nameProject, project],
      ['location', nameLocation, location],
      ['version', nameVersion, version],
    ] as const) {
      if (inName !== undefined && inOption !== undefined)
        throw invalid(`The ${what} is given twice: in the resource name and as "${what}". Keep one.`)
    }
    project = nameProject
    location = nameLocation ?? location
    secretId = nameSecret
    version = nameVersion ?? version
  } else if (given.name.startsWith('projects/') || given.name.includes('/')) {
    throw invalid(`"${given.name}" is neither a secret id nor a full resource name. ${SYNTAX}`)
  }
  check(
    secretId,
    SECRET_ID,
    `"${secretId}" is not a secret id: use letters, digits, "_" and "-" (up to 255). ${SYNTAX}`,
  )
  project ??= credential.projectId
  if (project !== undefined)
    check(project, PROJECT, `"${project}" is not a project id or number. Fix ?project= or the resource name.`)
  if (location !== undefined)
    check(location, LOCATION, `"${location}" is not a location such as "us-east1". Fix the location.`)
  return {
    ...(project === undefined ? {} : { project }),
    ...(location === undefined ? {} : { location }),
    secret: secretId,
    version: normaliseVersion(version ?? 'latest'),
  }
}

/** The version's resource name, as the REST path and responses write it. */
export function versionName(locator: GcpLocator, project: string): string {
  const where = locator.location === undefined ? '' : `locations/${locator.location}/`
  return `projects/${project}/${where}secrets/${locator.secret}/versions/${locator.version}`
}

/** Canonical: the resource name; an ADC default project is marked, since it is resolved later. */
export function gcpCacheKey(locator: GcpLocator): string {
  return versionName(locator, locator.project ?? '~adc-default')
}

/** Insomnia's GCP vault config `{ secretName, version? }` as object-reference fields. */
export function gcpInsomniaMapping(config: Record<string, unknown>): InsomniaMapping {
  const unknown = Object.keys(config).filter((field) => field !== 'secretName' && field !== 'version')
  if (unknown.length > 0)
    throw invalid(
      `The Insomnia vault config has unknown field "${unknown[0]}"; a GCP config holds secretName and version.`,
    )
  const secretName = text(config.secretName, 'secretName')
  if (secretName === undefined)
    throw invalid('The Insomnia vault config has no "secretName". Re-insert the secret from its form.')
  // Insomnia stores an empty version for "latest".
  const version = config.version === '' ? undefined : text(config.version, 'version')
  return { fields: { secret: secretName, ...(version === undefined ? {} : { version }) } }
}
