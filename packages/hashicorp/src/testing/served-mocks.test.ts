import { createVault } from '@external-vault/core'
import { type ServedHandlers, serveHandlers } from '@external-vault/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashicorpVault } from '../hashicorp-provider.js'
import { cloudCredential, SENTINEL, seedHcp, seedVault, tokenCredential } from '../test-support/fixtures.js'
import { createHcpVaultSecretsMock } from './hcp-secrets-mock.js'
import { createVaultServerMock } from './vault-server-mock.js'

// Over real TCP on 127.0.0.1 (no in-process interception in this file): what a user's own tests,
// or the demo app, get when they serve the mocks on a socket.
const vaultMock = createVaultServerMock()
const hcpMock = createHcpVaultSecretsMock()
let vaultServer: ServedHandlers
let hcpServer: ServedHandlers

beforeAll(async () => {
  seedVault(vaultMock)
  seedHcp(hcpMock)
  vaultServer = await serveHandlers(vaultMock.handlers)
  hcpServer = await serveHandlers(hcpMock.handlers)
})

afterAll(async () => {
  await Promise.all([vaultServer.close(), hcpServer.close()])
})

describe('mocks served on a socket', () => {
  it('answer the provider over TCP: Vault by its address, HCP by hcpAuthUrl/hcpApiUrl', async () => {
    const vault = createVault({
      providers: [hashicorpVault({ hcpAuthUrl: hcpServer.url, hcpApiUrl: hcpServer.url, retry: 0 })],
      credentials: [tokenCredential({ address: `${vaultServer.url}/` }), cloudCredential()],
    })
    expect(await vault.get('hashicorp://vault/secret/app/db#password')).toBe(SENTINEL.dbPassword)
    expect(await vault.get('hashicorp://vault/kv1/legacy/config#key')).toBe(SENTINEL.legacyKey)
    expect(await vault.get('hashicorp://hcp/org-1/proj-1/web/api_key?version=1')).toBe(SENTINEL.hcpKeyV1)
    expect(vaultMock.calls.every((call) => call.origin === vaultServer.url)).toBe(true)
    expect(hcpMock.calls.map((call) => call.kind)).toEqual(['token', 'open'])
    await vault.close()
  })
})
