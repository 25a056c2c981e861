import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { createVault } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import { getResponse } from 'msw'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SENTINEL, seedVault, testProvider, tokenCredential } from './test-support/fixtures.js'
import { createVaultServerMock } from './testing/index.js'

// Committed, clearly-named TEST ONLY certificates (see test-fixtures/tls/README.md): a throwaway CA,
// a server certificate it signed for IP 127.0.0.1, and an unrelated CA.
const fixture = (name: string) =>
  readFileSync(new URL(`../test-fixtures/tls/${name}`, import.meta.url), 'utf8')
const TEST_CA = fixture('test-ca.cert.pem')
const OTHER_CA = fixture('other-test-ca.cert.pem')

const mock = createVaultServerMock()
let server: Server
let address: string

/** The Vault mock over real TLS on 127.0.0.1 (msw's setupServer is not used here: the request must reach the socket). */
beforeAll(async () => {
  seedVault(mock)
  server = createServer(
    { cert: fixture('test-server.cert.pem'), key: fixture('test-server.key.pem') },
    (request, response) => {
      const url = `https://127.0.0.1${request.url ?? '/'}`
      const headers = new Headers()
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string') headers.set(name, value)
      getResponse(mock.handlers, new Request(url, { method: request.method ?? 'GET', headers }))
        .then(async (answer) => {
          response.writeHead(answer?.status ?? 501, { 'content-type': 'application/json' })
          response.end(answer ? Buffer.from(await answer.arrayBuffer()) : '{}')
        })
        .catch(() => response.destroy())
    },
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  address = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const openConnections = () =>
  new Promise<number>((resolve, reject) =>
    server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  )

async function read(credential: Record<string, unknown>) {
  const provider = testProvider({ retry: 0 })
  const vault = createVault({
    providers: [provider],
    credentials: [tokenCredential({ address, ...credential })],
  })
  try {
    return await vault.get('hashicorp://vault/secret/app/db#password')
  } finally {
    await vault.close()
  }
}

describe('HTTPS to a server with a private CA', () => {
  it('succeeds with caCert', async () => {
    expect(await read({ caCert: TEST_CA })).toBe(SENTINEL.dbPassword)
    expect(mock.calls.at(-1)).toMatchObject({ kind: 'kv-read', status: 200 })
  })

  it('fails without caCert, saying to set it, and is not retried', async () => {
    const before = mock.calls.length
    const error = await vaultFailure(read({}))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.retryable).toBe(false)
    expect(error.message).toContain('is not trusted')
    expect(error.message).toContain('"caCert"')
    expect(mock.calls.length).toBe(before)
  })

  it('fails with the PEM of a CA that did not sign the certificate', async () => {
    expect((await vaultFailure(read({ caCert: OTHER_CA }))).code).toBe('UNAVAILABLE')
  })

  it('close() releases the TLS agent and its kept-alive connections; the provider works again after', async () => {
    const provider = testProvider({ retry: 0 })
    const vault = createVault({
      providers: [provider],
      credentials: [tokenCredential({ address, caCert: TEST_CA })],
    })
    expect(await vault.get('hashicorp://vault/secret/app/db#username')).toBe('app-user')
    expect(await openConnections()).toBeGreaterThan(0)
    await provider.close?.()
    await expect.poll(openConnections).toBe(0)
    vault.cache.clear()
    expect(await vault.get('hashicorp://vault/secret/app/db#username')).toBe('app-user')
    await vault.close()
  })

  it('succeeds without a CA only when tlsSkipVerify is set explicitly', async () => {
    expect(await read({ tlsSkipVerify: true })).toBe(SENTINEL.dbPassword)
  })
})
