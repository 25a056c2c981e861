import { createServer } from 'node:net'
import { inspect } from 'node:util'
import { createVault } from '@external-vault/core'
import { type ServedHandlers, serveHandlers, vaultFailure } from '@external-vault/core/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Testbed, testbed } from './test-support/testbed.js'

// No msw interception in this file: every request the SDK makes crosses a real 127.0.0.1 socket.
const bed: Testbed = testbed()
let served: ServedHandlers

beforeAll(async () => {
  served = await serveHandlers(bed.mock.handlers)
})
afterAll(async () => {
  await served.close()
})
beforeEach(() => {
  bed.mock.reset()
  bed.mock.addSecret({
    name: 'app/db',
    versions: ['old-SENTINEL', JSON.stringify({ password: 'pw-SENTINEL' })],
  })
  bed.mock.addSecret({ name: 'app/cert', value: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) })
})

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('the real SDK against the mock on a 127.0.0.1 socket, through `endpoint`', () => {
  it('reads strings, JSON keys, versions and binary secrets', async () => {
    const vault = bed.vault({ endpoint: served.url })
    expect(await vault.get('aws://prod/app/db#password')).toBe('pw-SENTINEL')
    expect(await vault.get('aws://prod/app/db?versionStage=AWSPREVIOUS')).toBe('old-SENTINEL')
    expect(await vault.get('aws://prod/app/cert?encoding=base64')).toBe('3q2+7w==')
    expect(bed.mock.calls.map((call) => [call.status, call.region])).toEqual([
      [200, 'us-east-1'],
      [200, 'us-east-1'],
      [200, 'us-east-1'],
    ])
  })

  it('tests a credential with STS at the same endpoint', async () => {
    await bed.vault({ endpoint: served.url }).testCredential('prod')
    expect(bed.mock.calls).toEqual([expect.objectContaining({ service: 'sts', status: 200 })])
  })

  it('fails a wrong secret key on the signature the mock recomputes (Host is 127.0.0.1:port)', async () => {
    const vault = bed.vault({ endpoint: served.url }, [
      { ...bed.credential, secretAccessKey: 'not-the-secret-key' },
    ])
    expect((await vaultFailure(vault.get('aws://prod/app/db'))).code).toBe('AUTHENTICATION_FAILED')
    expect(bed.mock.calls[0]).toMatchObject({ errorType: 'InvalidSignatureException', status: 400 })
  })

  it('maps not-found, throttling (retried) and a non-JSON 503 (retried) over TCP', async () => {
    const vault = bed.vault({ endpoint: served.url })
    expect((await vaultFailure(vault.get('aws://prod/app/none'))).code).toBe('SECRET_NOT_FOUND')
    expect(bed.mock.readCount).toBe(1)
    bed.mock.injectFault({ error: 'ThrottlingException', times: Number.POSITIVE_INFINITY })
    expect((await vaultFailure(vault.get('aws://prod/app/db'))).code).toBe('THROTTLED')
    expect(bed.mock.readCount).toBe(4)
    bed.mock.clearFaults()
    bed.mock.injectFault({
      status: 503,
      body: 'Service Unavailable',
      contentType: 'text/plain',
      times: Number.POSITIVE_INFINITY,
    })
    const unavailable = await vaultFailure(vault.get('aws://prod/app/cert'))
    expect(unavailable).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(bed.mock.readCount).toBe(7)
  })

  it('answers UNAVAILABLE naming the endpoint when nothing listens there', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`
    const vault = createVault({
      providers: [bed.provider({ endpoint, maxAttempts: 1 })],
      credentials: [bed.credential],
    })
    const error = await vaultFailure(vault.get('aws://prod/app/db'))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, provider: 'aws' })
    expect(error.message).toContain(endpoint)
    expect(error.message).toContain('ECONNREFUSED')
    const printed = `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)}`
    expect(printed).not.toContain(bed.key.secretAccessKey)
    expect(printed).not.toContain(bed.key.sessionToken)
  })
})
