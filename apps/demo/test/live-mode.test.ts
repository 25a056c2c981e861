import { serveHandlers } from '@external-vault/core/testing'
import { createVaultServerMock } from '@external-vault/hashicorp/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoServer, startDemoServer } from '../src/demo-server.js'

// --live: no msw in the process. A Vault server mock on a real 127.0.0.1 socket stands in for a real
// service, so the request has to cross the network as it would to a real vault.
const vault = createVaultServerMock()
vault.enableKv('secret', { version: 2 })
vault.writeSecret('secret/live/app', { password: 'live-mode-value-5c2a9e71' })
const token = vault.createToken()

let demo: DemoServer
let served: Awaited<ReturnType<typeof serveHandlers>>

beforeAll(async () => {
  served = await serveHandlers(vault.handlers)
  demo = await startDemoServer({ live: true, port: 0 })
})
afterAll(async () => {
  await demo?.close()
  await served?.close()
})

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${demo.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, text: await response.text() }
}

describe('--live', () => {
  it('has no mocks and offers no demo values', async () => {
    expect(demo.live).toBe(true)
    expect(demo.mocks).toBeUndefined()
    expect((await call('GET', '/api/mock/calls')).status).toBe(404)
    expect((await call('GET', '/api/demo/values')).status).toBe(404)
    const page = (await call('GET', '/preferences')).text
    expect(page).toContain('Live vaults')
    expect(page).not.toContain('Fill demo values')
    expect((await call('GET', '/')).text).not.toContain('Mock vault calls')
  })

  it('fetches from the vault the user’s credential points at, over the network', async () => {
    const added = await call('POST', '/api/credentials', {
      id: 'local',
      provider: 'hashicorp',
      kind: 'token',
      values: { address: served.url, token },
    })
    expect(added.status).toBe(201)
    expect(added.text).not.toContain(token)
    const sent = await call('POST', '/api/send', {
      method: 'POST',
      url: `${demo.url}/echo`,
      headers: '',
      body: 'p={{ hashicorp://local/secret/live/app#password }}',
    })
    expect(JSON.parse(sent.text)).toMatchObject({ sent: true, references: [{ from: 'vault' }] })
    expect(sent.text).not.toContain('live-mode-value-5c2a9e71')
    expect(demo.echo.last()?.body).toBe('p=live-mode-value-5c2a9e71')
    expect(vault.calls.filter((entry) => entry.kind === 'kv-read')).toHaveLength(1)
  })
})
