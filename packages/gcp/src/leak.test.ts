import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { createVault, VaultError } from '@external-vault/core'
import { printedForms, vaultFailure } from '@external-vault/core/testing'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { gcpSecretManager } from './gcp-provider.js'
import { createGcpFixture, DB_VALUE } from './test-support/gcp-fixture.js'

const fixture = createGcpFixture()
const { mock } = fixture
// Every Authorization header the SDK sends (the self-signed JWTs), to prove none is ever printed.
const tokens = new Set<string>()
const server = setupServer(
  http.get('*', ({ request }) => {
    const header = request.headers.get('authorization')
    if (header) tokens.add(header.replace(/^Bearer /, ''))
    return undefined
  }),
  ...mock.handlers,
)
const dir = mkdtempSync(join(tmpdir(), 'gcp-leak-'))

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => {
  server.close()
  rmSync(dir, { recursive: true, force: true })
})
afterEach(() => vi.restoreAllMocks())

/** Everything written to the console or the process's output while `run` runs. */
async function captureOutput(run: () => Promise<void>): Promise<string> {
  const written: string[] = []
  const record = (...args: unknown[]) => {
    written.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 10 }))).join(' '))
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const)
    vi.spyOn(console, method).mockImplementation(record)
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
  }
  await run()
  return written.join('\n')
}

describe('no private key, token or secret value in any error, log or inspect output', () => {
  it('holds across reads, every failure, credential errors and printing the vault', async () => {
    const outputs: unknown[] = []
    const keyFile = join(dir, 'key.json')
    writeFileSync(keyFile, JSON.stringify(fixture.key))
    const logged = await captureOutput(async () => {
      const provider = gcpSecretManager({ retry: { attempts: 2, backoff: 0 } })
      const vault = createVault({
        providers: [provider],
        credentials: [fixture.credential, fixture.strangerCredential],
      })
      // Shares the provider (and its warmed-up client) with `vault`, but gives up quickly.
      const impatient = createVault({
        providers: [provider],
        credentials: [fixture.credential],
        timeout: 300,
      })
      vault.credentials.add({ id: 'file', provider: 'gcp', serviceAccountKeyFile: keyFile })
      expect(await vault.get('gcp://prod/db-creds#password')).toBe(DB_VALUE.password)
      expect(await vault.get('gcp://file/api-key')).toBeTruthy()
      await vault.testCredential('prod')
      const failures: Array<[string, () => void]> = [
        ['gcp://prod/nope', () => undefined],
        ['gcp://stranger/api-key', () => undefined],
        [
          'gcp://prod/api-key?version=1',
          () => mock.setVersionState({ project: 'acme-prod', secret: 'api-key' }, 1, 'DISABLED'),
        ],
        ['gcp://prod/api-key?version=2', () => mock.injectFault({ wrongChecksum: true })],
        ['gcp://prod/db-creds', () => mock.injectFault({ status: 503, times: 2 })],
        ['gcp://prod/db-creds', () => mock.injectFault({ status: 429, times: 2 })],
        [
          'gcp://prod/db-creds',
          () => mock.injectFault({ status: 502, body: `<p>${DB_VALUE.password}</p>`, times: 2 }),
        ],
        ['gcp://prod/db-creds#nope', () => undefined],
        ['gcp://prod/db-creds?colour=red', () => undefined],
      ]
      for (const [reference, arrange] of failures) {
        vault.cache.clear()
        arrange()
        outputs.push(await vaultFailure(vault.get(reference)))
      }
      mock.injectFault({ delay: 2000 })
      outputs.push(await vaultFailure(impatient.get('gcp://prod/db-creds')))
      outputs.push(await vaultFailure(vault.testCredential('stranger')))
      mock.deny(fixture.key.client_email)
      outputs.push(await vaultFailure(vault.get('gcp://prod/api-key?version=latest')))
      for (const bad of [
        { serviceAccountKey: { ...fixture.key, private_key: `${fixture.key.private_key.slice(0, 200)}` } },
        { serviceAccountKey: `${JSON.stringify(fixture.key)},` },
        { serviceAccountKeyFile: keyFile, serviceAccountKey: fixture.key },
      ]) {
        try {
          vault.credentials.add({ id: 'bad', provider: 'gcp', ...bad })
        } catch (error) {
          outputs.push(error)
        }
      }
      writeFileSync(keyFile, fixture.key.private_key)
      try {
        vault.credentials.update({ id: 'file', provider: 'gcp', serviceAccountKeyFile: keyFile })
      } catch (error) {
        outputs.push(error)
      }
      outputs.push(
        vault,
        provider,
        vault.credentials.list(),
        vault.credentials.get('prod'),
        vault.cache.stats(),
      )
      outputs.push(provider.parseCredential(fixture.credential))
      await vault.close()
    })
    expect(outputs.filter((output) => VaultError.isInstance(output)).length).toBeGreaterThanOrEqual(15)
    expect(tokens.size).toBeGreaterThan(0)
    const text = `${logged}\n${outputs.map(printedForms).join('\n')}`
    const values = fixture.sentinels.filter((sentinel) => !sentinel.includes('PRIVATE KEY'))
    const sentinels = [
      ...fixture.sentinels,
      ...[...tokens].flatMap((token) => [token, token.split('.')[2] as string]),
      // The payload as the wire carried it: a raw body dump would show base64.
      ...values.map((value) => Buffer.from(value).toString('base64')),
    ]
    for (const sentinel of sentinels)
      expect(text.includes(sentinel), `${sentinel.slice(0, 12)}… printed`).toBe(false)
  })
})
