import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { awsSecretsManager } from '@external-vault/aws'
import { createVault, type Vault } from '@external-vault/core'
import { gcpSecretManager } from '@external-vault/gcp'
import { hashicorpVault } from '@external-vault/hashicorp'
import { CredentialService } from './credential-service.js'
import { EchoLog } from './echo-log.js'
import { isOwnHost, readBody, readJson, sendFile, sendHtml, sendJson } from './http-util.js'
import { type MockVaults, startMockVaults } from './mock-vaults.js'
import { credentialList, preferencesPage } from './pages/preferences-page.js'
import { requestPage } from './pages/request-page.js'
import { buildReferenceTag } from './reference-builder.js'
import { errorBody, RequestError, statusOf } from './request-error.js'
import { RequestRunner } from './request-runner.js'

export interface DemoServerOptions {
  /** Real vault services instead of the msw mocks. */
  live?: boolean
  /** 0 (the default here) picks a free port. */
  port?: number
}

export interface DemoServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  readonly live: boolean
  readonly vault: Vault
  /** What the echo endpoint received. */
  readonly echo: EchoLog
  /** The mocked vaults (absent with `live`). */
  readonly mocks: MockVaults | undefined
  close(): Promise<void>
}

export const CACHE_MAX_MINUTES = 720
const DEFAULT_CACHE_MINUTES = 30
const MINUTE = 60_000
const LIVE_EXAMPLE = {
  headers: 'Content-Type: application/json',
  body: '{\n  "password": "insert a secret here"\n}',
}

const publicDir = new URL('../public/', import.meta.url)
const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
}
/** The assets, read once: only these names are ever served, so no path can reach outside the folder. */
function loadAssets(): Map<string, { body: Buffer; type: string }> {
  const assets = new Map<string, { body: Buffer; type: string }>()
  for (const name of readdirSync(publicDir)) {
    const type = ASSET_TYPES[name.slice(name.lastIndexOf('.'))]
    if (type) assets.set(name, { body: readFileSync(new URL(name, publicDir)), type })
  }
  return assets
}

function readTtlMinutes(body: unknown): number {
  const minutes = (body as { ttlMinutes?: unknown } | null)?.ttlMinutes
  if (
    typeof minutes !== 'number' ||
    !Number.isInteger(minutes) ||
    minutes < 0 ||
    minutes > CACHE_MAX_MINUTES
  ) {
    throw new RequestError(
      400,
      'INVALID_CACHE_DURATION',
      `The cache duration is a whole number of minutes from 0 (no caching) to ${CACHE_MAX_MINUTES}.`,
    )
  }
  return minutes
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new RequestError(400, 'INVALID_PATH', 'The path is not valid percent-encoding.')
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

/** Starts the demo: the vault with all three providers, the mocked vaults unless `live`, and the web server. */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const live = options.live ?? false
  const assets = loadAssets()
  const echo = new EchoLog()
  // The server listens first (its port names the origin the mocks must leave alone); until the rest
  // is set up, a request gets 503.
  let handle = async (_request: IncomingMessage, response: ServerResponse): Promise<void> => {
    sendJson(response, 503, { error: { code: 'STARTING', message: 'The demo is starting; try again.' } })
  }
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Only the error's type and stack frames: its message could quote a request body.
      const frames = error instanceof Error ? (error.stack ?? '').split('\n').slice(1).join('\n') : ''
      console.error(`demo: unexpected ${error instanceof Error ? error.name : 'error'}\n${frames}`)
      if (!response.headersSent) sendJson(response, 500, { error: errorBody(error) })
      else response.destroy()
    })
  })
  const port = await listen(server, options.port ?? 0)
  const url = `http://127.0.0.1:${port}`

  let mocks: MockVaults | undefined
  try {
    mocks = live ? undefined : await startMockVaults({ ownOrigins: [url, `http://localhost:${port}`] })
  } catch (error) {
    server.close()
    throw error
  }
  const vault = createVault({
    providers: [awsSecretsManager(), gcpSecretManager(), hashicorpVault()],
    cache: { ttl: DEFAULT_CACHE_MINUTES * MINUTE },
    timeout: 15_000,
  })
  const credentials = new CredentialService(vault)
  const runner = new RequestRunner(vault, echo, url)

  const example = mocks?.example ?? LIVE_EXAMPLE
  const pageContext = () => ({
    live,
    origin: url,
    credentials: credentials.list(),
    cacheMinutes: vault.cache.ttl / MINUTE,
    example,
  })

  function cacheState() {
    const stats = vault.cache.stats()
    return {
      ttlMinutes: vault.cache.ttl / MINUTE,
      size: stats.size,
      hits: stats.hits,
      misses: stats.misses,
    }
  }

  function requireMocks(): MockVaults {
    if (mocks === undefined)
      throw new RequestError(404, 'NOT_FOUND', 'The demo runs with --live: there are no mocks.')
    return mocks
  }

  async function route(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const method = request.method ?? 'GET'
    const [, area, name, action] = path.split('/') as [string, string?, string?, string?]

    if (area === 'echo') {
      const record = echo.record(request, await readBody(request))
      // The echo answers where the request arrived, never what it held: secrets stay out of the response.
      response.writeHead(200, { 'content-type': 'application/json', 'x-echo-id': record.id })
      response.end(
        JSON.stringify({ id: record.id, method: record.method, bytes: Buffer.byteLength(record.body) }),
      )
      return
    }
    if (method === 'GET' && path === '/') return sendHtml(response, requestPage(pageContext()))
    if (method === 'GET' && path === '/preferences') {
      const fragment = new URL(request.url ?? '/', url).searchParams.get('fragment')
      return sendHtml(
        response,
        fragment === 'credentials' ? credentialList(pageContext()) : preferencesPage(pageContext()),
      )
    }
    if (method === 'GET' && area === 'assets' && name && action === undefined) {
      const asset = assets.get(name)
      if (asset) return sendFile(response, asset.body, asset.type)
    }
    if (area !== 'api') throw new RequestError(404, 'NOT_FOUND', `No page at ${path}.`)
    return api(request, response, method, path.slice('/api'.length))
  }

  async function api(request: IncomingMessage, response: ServerResponse, method: string, path: string) {
    const [, area, id, action] = path.split('/').map(decodeSegment) as [string, string?, string?, string?]
    const ok = (body: unknown, status = 200) => sendJson(response, status, body)
    const body = method === 'POST' || method === 'PUT' ? await readJson(request) : undefined

    if (area === 'credentials') {
      if (id === undefined) {
        if (method === 'GET') return ok({ credentials: credentials.list() })
        if (method === 'POST') return ok({ credential: credentials.add(body) }, 201)
      } else if (action === undefined) {
        if (method === 'PUT') return ok({ credential: credentials.update(id, body) })
        if (method === 'DELETE') {
          if (!credentials.remove(id))
            throw new RequestError(404, 'CREDENTIAL_NOT_FOUND', `No credential "${id}".`)
          return ok({ removed: id })
        }
      } else if (action === 'test' && method === 'POST') {
        try {
          await credentials.test(id)
          return ok({ ok: true })
        } catch (error) {
          return ok({ ok: false, error: errorBody(error) })
        }
      }
    }
    if (area === 'cache' && id === undefined) {
      if (method === 'GET') return ok(cacheState())
      if (method === 'PUT') {
        vault.cache.setTtl(readTtlMinutes(body) * MINUTE)
        return ok(cacheState())
      }
    }
    if (area === 'cache' && id === 'reset' && method === 'POST') {
      const dropped = vault.cache.clear()
      return ok({ dropped, ...cacheState() })
    }
    if (area === 'reference' && method === 'POST') {
      return ok(buildReferenceTag(vault, body, (credential) => credentials.get(credential)))
    }
    if (area === 'preview' && method === 'POST') return ok(await runner.preview(body))
    if (area === 'send' && method === 'POST') return ok(await runner.send(body))
    if (area === 'sends' && id !== undefined && action === 'revealed' && method === 'GET') {
      const record = echo.get(id)
      if (record === undefined)
        throw new RequestError(404, 'NOT_FOUND', 'That send is no longer kept; send again.')
      const { method: sentMethod, url: sentUrl, headers, body: sentBody } = record
      return ok({ request: { method: sentMethod, url: sentUrl, headers, body: sentBody } })
    }
    if (area === 'mock' && id === 'calls' && method === 'GET') return ok(requireMocks().calls())
    if (area === 'demo' && id === 'values' && method === 'GET') return ok(requireMocks().demoValues)
    if (area === 'demo' && id === 'credentials' && method === 'POST') {
      const added = requireMocks()
        .demoCredentials.filter((form) => credentials.get(form.id) === undefined)
        .map((form) => credentials.add(form))
      return ok({ added: added.map((credential) => credential.id) })
    }
    throw new RequestError(404, 'NOT_FOUND', `No API ${method} /api${path}.`)
  }

  handle = async (request, response) => {
    if (!isOwnHost(request, port)) {
      sendJson(response, 421, { error: { code: 'WRONG_HOST', message: `Open the demo at ${url}.` } })
      return
    }
    const path = new URL(request.url ?? '/', url).pathname
    try {
      await route(request, response, path)
    } catch (error) {
      const status = statusOf(error)
      if (status === 500) throw error
      sendJson(response, status, { error: errorBody(error) })
    }
  }

  return {
    url,
    port,
    live,
    vault: vault,
    echo,
    mocks,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await vault.close()
      await mocks?.close()
    },
  }
}
