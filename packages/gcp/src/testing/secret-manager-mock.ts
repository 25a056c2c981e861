import { delay, HttpResponse, http, type RequestHandler } from 'msw'
import { crc32c } from '../crc32c.js'
import { googleError } from './google-error.js'
import { verifySelfSignedJwt } from './self-signed-jwt.js'
import {
  generateServiceAccountKey,
  type PublicServiceAccountKey,
  publicHalf,
  type ServiceAccountKey,
  type ServiceAccountKeyOptions,
} from './service-account-keys.js'

export type VersionState = 'ENABLED' | 'DISABLED' | 'DESTROYED'

/** Which secret: its project (id or number), its id, and its location when it is a regional secret. */
export interface SecretAddress {
  project: string
  secret: string
  location?: string
}

export type VersionInput = string | Uint8Array | { data: string | Uint8Array; state?: VersionState }

export interface SecretInput extends SecretAddress {
  /** Oldest first: they become versions 1, 2, …; the last is `latest`. */
  versions?: VersionInput[]
  /** alias → version number. */
  aliases?: Record<string, number>
}

export type MockOperation = 'access' | 'listLocations'

/** A failure or slowness the mock plays before answering; faults queue and each serves `times` requests. */
export interface MockFault {
  /** Answer with this HTTP status and Google's error body (unless `body` is given). */
  status?: number
  /** The google.rpc.Code name in the body; derived from `status` when absent (400 → INVALID_ARGUMENT). */
  grpcStatus?: string
  /** `error.message` in the body. */
  message?: string
  /** A raw body instead of Google's JSON, e.g. a proxy's HTML page. */
  body?: string
  /** Wait this many ms first. */
  delay?: number
  /** Serve the secret with a `dataCrc32c` that does not match its data. */
  wrongChecksum?: boolean
  /** How many requests this fault answers. Default 1; `Infinity` for all. */
  times?: number
  /** Which calls it applies to. Default 'access'. */
  operation?: MockOperation
}

/** A request the mock received. The Authorization header is never kept (it is a credential). */
export interface MockCall {
  operation: MockOperation
  method: string
  host: string
  path: string
  /** The resource name as requested (project id or number as given). */
  name: string
  status: number
  /** The service account email, once its JWT was verified. */
  principal?: string
  /** Why authentication failed, when it did. */
  authFailure?: string
}

interface StoredVersion {
  data: Uint8Array
  state: VersionState
}

interface StoredSecret {
  versions: StoredVersion[]
  aliases: Map<string, number>
}

interface StoredProject {
  id: string
  number: string
  /** `<location or "">/<secret id>` → secret. */
  secrets: Map<string, StoredSecret>
}

const LOCATIONS = ['us-central1', 'us-east1', 'europe-west1', 'asia-east1']

// Request shapes from the Secret Manager REST reference, https://cloud.google.com/secret-manager/docs/reference/rest/v1/
// projects.secrets.versions/access, projects.locations.secrets.versions/access and projects.locations/list:
// GET /v1/projects/P[/locations/L]/secrets/S/versions/V:access (empty body), GET /v1/projects/P/locations.
// The 6.x REST client adds ?$alt=json;enum-encoding=int and x-goog-request-params (seen by logging its requests).
const ACCESS_PATH =
  /^\/v1\/projects\/([^/]+)\/(?:locations\/([^/]+)\/)?secrets\/([^/]+)\/versions\/([^/]+):access$/
const LOCATIONS_PATH = /^\/v1\/projects\/([^/]+)\/locations$/

const UNAUTHENTICATED_MISSING =
  'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.'
const UNAUTHENTICATED_INVALID =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.'

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data)
}

function slot(location: string | undefined, secret: string): string {
  return `${location ?? ''}/${secret}`
}

export interface SecretManagerMock {
  /** msw handlers matching any origin: use with setupServer, or serveHandlers for a 127.0.0.1 socket. */
  readonly handlers: RequestHandler[]
  /** Every request received, oldest first. */
  readonly calls: readonly MockCall[]
  /** How many secret reads (AccessSecretVersion requests) arrived, answered or not. */
  readonly accessCount: number
  /** Declares a project with its number (the name in responses); projects are otherwise numbered on first use. */
  addProject(id: string, number?: string): { id: string; number: string }
  projectNumber(project: string): string
  /** Creates or replaces a secret with its versions and aliases. */
  addSecret(input: SecretInput): void
  /** Adds a version (it becomes `latest`) and returns its number. */
  addVersion(address: SecretAddress, data: string | Uint8Array, state?: VersionState): number
  setVersionState(address: SecretAddress, version: number, state: VersionState): void
  setAlias(address: SecretAddress, alias: string, version: number): void
  /** A new key the mock accepts: its self-signed JWTs verify against the public half kept here. */
  mintServiceAccountKey(options?: ServiceAccountKeyOptions): ServiceAccountKey
  /** Accepts an existing key (e.g. after reset, or one generated elsewhere). */
  registerServiceAccountKey(key: ServiceAccountKey): void
  /** Deletes a key: its JWTs are then UNAUTHENTICATED, as for a key deleted in IAM. */
  revokeServiceAccountKey(privateKeyId: string): void
  /** Denies this service account every secret read (403 PERMISSION_DENIED), as a missing IAM role would. */
  deny(clientEmail: string): void
  injectFault(fault: MockFault): void
  /** Drops every queued fault (e.g. an endless latency), keeping data and calls. */
  clearFaults(): void
  /** Forgets projects, secrets, faults, denials and calls; registered keys stay (they are identities). */
  reset(): void
}

/** An in-memory GCP Secret Manager speaking its REST API, for tests and demos. */
export function createSecretManagerMock(): SecretManagerMock {
  const projects = new Map<string, StoredProject>()
  const keys = new Map<string, PublicServiceAccountKey>()
  const denied = new Set<string>()
  let faults: Array<MockFault & { left: number }> = []
  let calls: MockCall[] = []
  let nextNumber = 100_000_000_001n

  function project(idOrNumber: string, create: boolean): StoredProject | undefined {
    const found =
      projects.get(idOrNumber) ?? [...projects.values()].find((stored) => stored.number === idOrNumber)
    if (found !== undefined || !create) return found
    const stored: StoredProject = { id: idOrNumber, number: String(nextNumber++), secrets: new Map() }
    projects.set(idOrNumber, stored)
    return stored
  }

  function secretAt(address: SecretAddress): StoredSecret {
    const stored = project(address.project, true) as StoredProject
    const key = slot(address.location, address.secret)
    let found = stored.secrets.get(key)
    if (found === undefined) {
      found = { versions: [], aliases: new Map() }
      stored.secrets.set(key, found)
    }
    return found
  }

  function takeFault(operation: MockOperation): MockFault | undefined {
    const fault = faults.find((candidate) => (candidate.operation ?? 'access') === operation)
    if (fault === undefined) return undefined
    fault.left--
    if (fault.left <= 0) faults = faults.filter((candidate) => candidate !== fault)
    return fault
  }

  function authenticate(request: Request): { principal: string } | { failure: string; missing: boolean } {
    const header = request.headers.get('authorization')
    if (header === null || !/^Bearer \S+$/.test(header)) return { failure: 'no Bearer token', missing: true }
    const check = verifySelfSignedJwt(header.slice('Bearer '.length), keys, Math.floor(Date.now() / 1000))
    return check.ok ? { principal: check.principal } : { failure: check.reason, missing: false }
  }

  /** Faults, then authentication: what every operation goes through. Returns a response to stop with. */
  async function gate(
    request: Request,
    call: MockCall,
  ): Promise<{ stop: Response } | { fault: MockFault | undefined }> {
    const fault = takeFault(call.operation)
    if (fault?.delay) await delay(fault.delay)
    if (fault?.status !== undefined) {
      return {
        stop:
          fault.body !== undefined
            ? new HttpResponse(fault.body, { status: fault.status, headers: { 'content-type': 'text/html' } })
            : googleError(fault.status, fault.message, fault.grpcStatus),
      }
    }
    const auth = authenticate(request)
    if ('failure' in auth) {
      call.authFailure = auth.failure
      return { stop: googleError(401, auth.missing ? UNAUTHENTICATED_MISSING : UNAUTHENTICATED_INVALID) }
    }
    call.principal = auth.principal
    return { fault }
  }

  function access(
    call: MockCall,
    fault: MockFault | undefined,
    host: string,
    [projectPart, location, secretId, versionPart]: string[],
  ): Response {
    const denial = (name: string) =>
      googleError(
        403,
        `Permission 'secretmanager.versions.access' denied for resource '${name}' (or it may not exist).`,
      )
    // Regional secrets live on their regional endpoint only (a rule of this mock, checked for Google hosts).
    if (host.endsWith('googleapis.com')) {
      const expected =
        location === undefined
          ? 'secretmanager.googleapis.com'
          : `secretmanager.${location}.rep.googleapis.com`
      if (host !== expected)
        return googleError(
          400,
          `The resource ${call.name} must be accessed through ${expected}, not ${host}.`,
        )
    }
    const stored = project(projectPart as string, false)
    if (stored === undefined || (call.principal !== undefined && denied.has(call.principal)))
      return denial(call.name)
    const where = location === undefined ? '' : `locations/${location}/`
    const secretName = `projects/${stored.number}/${where}secrets/${secretId}`
    const secret = stored.secrets.get(slot(location, secretId as string))
    if (secret === undefined || secret.versions.length === 0)
      return googleError(404, `Secret [${secretName}] not found or has no versions.`)
    const number =
      versionPart === 'latest'
        ? secret.versions.length
        : /^\d+$/.test(versionPart as string)
          ? Number(versionPart)
          : secret.aliases.get(versionPart as string)
    const version = number === undefined ? undefined : secret.versions[number - 1]
    const versionName = `${secretName}/versions/${number ?? versionPart}`
    if (version === undefined) return googleError(404, `Secret Version [${versionName}] not found.`)
    if (version.state !== 'ENABLED')
      return googleError(
        400,
        `Secret Version [${versionName}] is in ${version.state} state.`,
        'FAILED_PRECONDITION',
      )
    const checksum = crc32c(version.data)
    // AccessSecretVersionResponse (…/rest/v1/projects.secrets.versions/access and …/rest/v1/SecretPayload):
    // the name carries the project number; dataCrc32c is an int64, which proto3 JSON writes as a decimal string.
    return HttpResponse.json({
      name: versionName,
      payload: {
        data: Buffer.from(version.data).toString('base64'),
        dataCrc32c: String(fault?.wrongChecksum ? (checksum + 1) >>> 0 : checksum),
      },
    })
  }

  function listLocations(projectPart: string): Response {
    if (project(projectPart, false) === undefined)
      return googleError(403, `Permission denied on resource project ${projectPart}.`)
    // ListLocationsResponse (…/rest/v1/projects.locations/list).
    return HttpResponse.json({
      locations: LOCATIONS.map((locationId) => ({
        name: `projects/${projectPart}/locations/${locationId}`,
        locationId,
      })),
    })
  }

  async function handle(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url)
    const accessMatch = ACCESS_PATH.exec(url.pathname)
    const locationsMatch = accessMatch === null ? LOCATIONS_PATH.exec(url.pathname) : null
    // Not a Secret Manager call this mock serves: let other handlers answer it.
    if (accessMatch === null && locationsMatch === null) return undefined
    const parts =
      (accessMatch ?? locationsMatch)?.slice(1).map((part) => part && decodeURIComponent(part)) ?? []
    const operation: MockOperation = accessMatch === null ? 'listLocations' : 'access'
    const name = url.pathname.slice('/v1/'.length).replace(/:access$/, '')
    const call: MockCall = {
      operation,
      method: request.method,
      host: url.host,
      path: url.pathname,
      name,
      status: 0,
    }
    calls.push(call)
    const gated = await gate(request, call)
    const response =
      'stop' in gated
        ? gated.stop
        : operation === 'access'
          ? access(call, gated.fault, url.hostname, parts as string[])
          : listLocations(parts[0] as string)
    call.status = response.status
    return response
  }

  return {
    handlers: [http.get('*/v1/projects/*', ({ request }) => handle(request))],
    get calls() {
      return [...calls]
    },
    get accessCount() {
      return calls.filter((call) => call.operation === 'access').length
    },
    addProject(id, number) {
      const stored = project(id, true) as StoredProject
      if (number !== undefined) stored.number = number
      return { id: stored.id, number: stored.number }
    },
    projectNumber(id) {
      return (project(id, true) as StoredProject).number
    },
    addSecret({ versions = [], aliases = {}, ...address }) {
      const stored = project(address.project, true) as StoredProject
      stored.secrets.delete(slot(address.location, address.secret))
      const secret = secretAt(address)
      for (const version of versions) {
        const { data, state = 'ENABLED' } =
          typeof version === 'string' || version instanceof Uint8Array ? { data: version } : version
        secret.versions.push({ data: toBytes(data), state })
      }
      for (const [alias, version] of Object.entries(aliases)) secret.aliases.set(alias, version)
    },
    addVersion(address, data, state = 'ENABLED') {
      const secret = secretAt(address)
      secret.versions.push({ data: toBytes(data), state })
      return secret.versions.length
    },
    setVersionState(address, version, state) {
      const stored = secretAt(address).versions[version - 1]
      if (stored === undefined) throw new RangeError(`${address.secret} has no version ${version}.`)
      stored.state = state
      if (state === 'DESTROYED') stored.data = new Uint8Array()
    },
    setAlias(address, alias, version) {
      secretAt(address).aliases.set(alias, version)
    },
    mintServiceAccountKey(options) {
      const key = generateServiceAccountKey(options)
      keys.set(key.private_key_id, publicHalf(key))
      return key
    },
    registerServiceAccountKey(key) {
      keys.set(key.private_key_id, publicHalf(key))
    },
    revokeServiceAccountKey(privateKeyId) {
      keys.delete(privateKeyId)
    },
    deny(clientEmail) {
      denied.add(clientEmail)
    },
    injectFault(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 })
    },
    clearFaults() {
      faults = []
    },
    reset() {
      projects.clear()
      denied.clear()
      faults = []
      calls = []
      nextNumber = 100_000_000_001n
    },
  }
}
