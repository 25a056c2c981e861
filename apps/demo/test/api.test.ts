import { request as httpRequest } from 'node:http'
import { MASK } from '@external-vault/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_IDS, demoSecretValues, SAMPLES, WORKING_DEMO_IDS } from '../src/demo-data.js'
import { DemoHarness } from './demo-harness.js'

let harness: DemoHarness

beforeAll(async () => {
  harness = await DemoHarness.start()
})
afterAll(async () => {
  await harness?.demo.close()
})
beforeEach(async () => {
  await harness.reset()
  await harness.call('POST', '/api/demo/credentials', {})
})

function expectNoneOf(text: string, sentinels: readonly string[]): void {
  for (const sentinel of sentinels) expect(text).not.toContain(sentinel)
}

const VERSION_ID = '0b9d5c2e-8f3a-4e1b-9c7d-2a6f5e4d3c21'

const draft = (body: string, headers = 'Content-Type: application/json') => ({
  method: 'POST',
  url: `${harness.demo.url}/echo/login`,
  headers,
  body,
})

describe('credentials API', () => {
  it('never returns a credential’s secret fields, in the API or in any page', async () => {
    const sentinels = harness.credentialSentinels()
    expect(sentinels.at(-1)).toHaveLength(64)
    const list = await harness.call('GET', '/api/credentials')
    expect(list.json.credentials.map((credential: { id: string }) => credential.id)).toEqual(WORKING_DEMO_IDS)
    const aws = list.json.credentials[0]
    expect(aws.secretsSet).toEqual(['secretAccessKey', 'sessionToken'])
    expect(aws.fields).toEqual({ accessKeyId: expect.any(String), region: 'eu-west-1' })
    const pages = await Promise.all(
      ['/', '/preferences', '/preferences?fragment=credentials'].map((path) => harness.call('GET', path)),
    )
    for (const answer of [list, ...pages]) expectNoneOf(answer.text, sentinels)
    const edited = await harness.call('PUT', `/api/credentials/${DEMO_IDS.vaultToken}`, {
      provider: 'hashicorp',
      kind: 'token',
      name: 'Renamed',
      values: { address: 'https://vault.demo.internal:8200', token: '' },
    })
    expect(edited.status).toBe(200)
    expectNoneOf(edited.text, sentinels)
  })

  it('keeps a secret left blank on edit (the connection still works), and uses a new one when given', async () => {
    const edit = (token: string) =>
      harness.call('PUT', `/api/credentials/${DEMO_IDS.vaultToken}`, {
        provider: 'hashicorp',
        kind: 'token',
        name: 'Vault',
        values: { address: 'https://vault.demo.internal:8200', token },
      })
    const test = () => harness.call('POST', `/api/credentials/${DEMO_IDS.vaultToken}/test`, {})
    expect((await edit('')).status).toBe(200)
    expect((await test()).json).toEqual({ ok: true })
    expect((await edit('hvs.not-a-token-the-mock-knows')).status).toBe(200)
    const failed = (await test()).json
    expect(failed.ok).toBe(false)
    expect(failed.error.code).toBe('AUTHENTICATION_FAILED')
    expect(failed.error.message).not.toContain('hvs.not-a-token')
  })

  it('tests each working demo credential against its mock', async () => {
    for (const id of WORKING_DEMO_IDS) {
      expect((await harness.call('POST', `/api/credentials/${id}/test`, {})).json, id).toEqual({ ok: true })
    }
  })

  it('rejects bad forms with the field to fix', async () => {
    const add = (body: unknown) => harness.call('POST', '/api/credentials', body)
    const missing = await add({
      id: 'x',
      provider: 'aws',
      kind: 'temporary',
      values: { region: 'eu-west-1' },
    })
    expect(missing.status).toBe(400)
    expect(missing.json.error).toEqual({
      code: 'INVALID_CREDENTIAL',
      message: 'Temporary security credentials: fill in Access key ID, Secret access key.',
    })
    expect(
      (await add({ id: DEMO_IDS.hcp, provider: 'hashicorp', kind: 'cloud', values: {} })).json.error.message,
    ).toMatch(/exists already/)
    const badKey = await add({
      id: 'g',
      provider: 'gcp',
      kind: 'service-account-key',
      values: { serviceAccountKey: '{' },
    })
    expect(badKey.json.error.code).toBe('INVALID_CREDENTIAL')
    expect((await harness.call('DELETE', '/api/credentials/nope')).status).toBe(404)
  })
})

describe('cache API', () => {
  it('takes a duration from 0 to 720 minutes and refuses anything else', async () => {
    for (const ttlMinutes of [-1, 721, 1.5, '10', null]) {
      const answer = await harness.call('PUT', '/api/cache', { ttlMinutes })
      expect(answer.status, String(ttlMinutes)).toBe(400)
      expect(answer.json.error.code).toBe('INVALID_CACHE_DURATION')
    }
    expect((await harness.call('PUT', '/api/cache', { ttlMinutes: 720 })).json.ttlMinutes).toBe(720)
    expect((await harness.call('GET', '/api/cache')).json.ttlMinutes).toBe(720)
  })

  it('Reset cache reports how many secrets it dropped', async () => {
    const tags = await Promise.all(
      [SAMPLES.awsJson, SAMPLES.awsPlain, SAMPLES.kv2].map((sample) => harness.tag(sample)),
    )
    // awsJson and awsPlain are two secrets; kv2 a third. A second key of awsJson's secret adds none.
    const sameSecret = await harness.tag(SAMPLES.awsJson, { ...SAMPLES.awsJson.form, key: 'username' })
    expect((await harness.call('POST', '/api/send', draft([...tags, sameSecret].join(' ')))).json.sent).toBe(
      true,
    )
    expect((await harness.call('GET', '/api/cache')).json.size).toBe(3)
    expect((await harness.call('POST', '/api/cache/reset', {})).json).toMatchObject({ dropped: 3, size: 0 })
    expect((await harness.call('POST', '/api/cache/reset', {})).json.dropped).toBe(0)
  })
})

describe('send', () => {
  const samples = [
    SAMPLES.awsPlain,
    SAMPLES.awsJson,
    SAMPLES.gcpLatest,
    SAMPLES.kv2,
    SAMPLES.kv1,
    SAMPLES.hcp,
  ]

  it('resolves every provider, the echo endpoint receives the real values, the answer holds none', async () => {
    const tags = await Promise.all(samples.map((sample) => harness.tag(sample)))
    const body = JSON.stringify(Object.fromEntries(tags.map((tag, index) => [`s${index}`, tag])))
    const before = await harness.vaultCalls()
    const sent = await harness.call('POST', '/api/send', draft(body, `X-Key: ${tags[0]}`))
    expect(sent.status).toBe(200)
    expect(sent.json.sent).toBe(true)
    expect(sent.json.references.map((reference: { from: string }) => reference.from)).toEqual(
      samples.map(() => 'vault'),
    )
    expect(await harness.vaultCalls()).toBe(before + samples.length)

    const received = harness.demo.echo.get(sent.json.sendId)
    expect(received?.body).toBe(
      JSON.stringify(Object.fromEntries(samples.map((s, index) => [`s${index}`, s.value]))),
    )
    expect(received?.headers).toContainEqual(['X-Key', SAMPLES.awsPlain.value])
    expectNoneOf(sent.text, demoSecretValues())
    expect(sent.json.request.body).toBe(
      JSON.stringify(Object.fromEntries(samples.map((_, i) => [`s${i}`, MASK]))),
    )

    const revealed = await harness.call('GET', `/api/sends/${sent.json.sendId}/revealed`)
    expect(revealed.json.request.body).toBe(received?.body)
  })

  it('answers the second send from the cache with no call to the vaults, and Reset sends the next one there', async () => {
    const tags = await Promise.all(samples.map((sample) => harness.tag(sample)))
    await harness.call('POST', '/api/send', draft(tags.join('\n')))
    const calls = await harness.vaultCalls()
    const second = await harness.call('POST', '/api/send', draft(tags.join('\n')))
    expect(second.json.references.map((reference: { from: string }) => reference.from)).toEqual(
      samples.map(() => 'cache'),
    )
    expect(await harness.vaultCalls()).toBe(calls)
    expect(harness.demo.echo.get(second.json.sendId)?.body).toBe(
      samples.map((sample) => sample.value).join('\n'),
    )

    expect((await harness.call('POST', '/api/cache/reset', {})).json.dropped).toBe(samples.length)
    const third = await harness.call('POST', '/api/send', draft(tags.join('\n')))
    expect(third.json.references.every((reference: { from: string }) => reference.from === 'vault')).toBe(
      true,
    )
    expect(await harness.vaultCalls()).toBe(calls + samples.length)
  })

  it('with caching off, every send goes to the vault', async () => {
    await harness.call('PUT', '/api/cache', { ttlMinutes: 0 })
    const tag = await harness.tag(SAMPLES.gcpFirst)
    const calls = await harness.vaultCalls()
    for (let round = 0; round < 2; round++) {
      const sent = await harness.call('POST', '/api/send', draft(tag))
      expect(sent.json.references[0].from).toBe('vault')
      expect(harness.demo.echo.get(sent.json.sendId)?.body).toBe(SAMPLES.gcpFirst.value)
      // Nothing is cached, yet the value this send used is still masked in its answer.
      expect(sent.json.request.body).toBe(MASK)
    }
    expect(await harness.vaultCalls()).toBe(calls + 2)
  })

  it('reports each failing reference beside its own tag and sends nothing', async () => {
    const good = await harness.tag(SAMPLES.awsPrevious)
    const wrongKey = await harness.tag(SAMPLES.awsJson, { ...SAMPLES.awsJson.form, key: 'no_such_key' })
    const unknownCredential = '{{ gcp://nobody/stripe-api-key }}'
    const badOption = `{{ aws://${DEMO_IDS.awsTemporary}/demo/api-key?colour=blue }}`
    const echoed = harness.demo.echo.size
    const sent = await harness.call(
      'POST',
      '/api/send',
      draft([good, wrongKey, unknownCredential, badOption].join(' ')),
    )
    expect(sent.json.sent).toBe(false)
    const bySource = Object.fromEntries(
      sent.json.references.map((reference: { source: string }) => [reference.source, reference]),
    )
    expect(bySource[good]).toMatchObject({ from: 'vault' })
    expect(bySource[wrongKey].error.code).toBe('KEY_NOT_FOUND')
    expect(bySource[wrongKey].error.message).toMatch(/password/)
    expect(bySource[unknownCredential].error.code).toBe('CREDENTIAL_NOT_FOUND')
    expect(bySource[badOption].error).toMatchObject({
      code: 'INVALID_REFERENCE',
      message: expect.stringContaining('colour'),
    })
    expect(harness.demo.echo.size).toBe(echoed)
    expectNoneOf(sent.text, demoSecretValues())
  })

  it('sends only to its own echo endpoint, and checks that before fetching any secret', async () => {
    const tag = await harness.tag(SAMPLES.kv2)
    const calls = await harness.vaultCalls()
    for (const url of [
      'http://example.test/echo',
      `${harness.demo.url}/api/credentials`,
      `https://127.0.0.1:${harness.demo.port}/echo`,
    ]) {
      const answer = await harness.call('POST', '/api/send', { ...draft(tag), url })
      expect(answer.status, url).toBe(400)
      expect(answer.json.error.message).toMatch(/only to its own echo endpoint/)
    }
    expect(await harness.vaultCalls()).toBe(calls)
  })
})

describe('preview and insert', () => {
  it('masks every reference without fetching, and marks the broken ones', async () => {
    const tags = await Promise.all([SAMPLES.awsJson, SAMPLES.hcp].map((sample) => harness.tag(sample)))
    const calls = await harness.vaultCalls()
    const preview = await harness.call('POST', '/api/preview', draft(`a=${tags[0]}`, `X-Token: ${tags[1]}`))
    expect(preview.json.request).toMatchObject({ body: `a=${MASK}`, headers: [['X-Token', MASK]] })
    expect(preview.json.references.every((reference: { error?: unknown }) => !reference.error)).toBe(true)
    const broken = await harness.call(
      'POST',
      '/api/preview',
      draft(`${tags[0]} {{ hashicorp://nobody/x/y }}`),
    )
    expect(broken.json.request.body).toBe(`${MASK} {{ hashicorp://nobody/x/y }}`)
    expect(broken.json.references[1].error.code).toBe('CREDENTIAL_NOT_FOUND')
    expect(await harness.vaultCalls()).toBe(calls)
  })

  it('builds tags for each form, in the grammar core reads', async () => {
    expect(await harness.tag(SAMPLES.awsJson)).toBe(
      `{{ aws://${DEMO_IDS.awsTemporary}/demo/db-credentials?versionStage=AWSCURRENT#password }}`,
    )
    expect(
      await harness.tag(SAMPLES.awsPlain, {
        ...SAMPLES.awsPlain.form,
        versionKind: 'id',
        version: VERSION_ID,
      }),
    ).toBe(`{{ aws://${DEMO_IDS.awsTemporary}/demo/api-key?versionId=${VERSION_ID} }}`)
    expect(await harness.tag(SAMPLES.gcpFirst)).toBe(
      `{{ gcp://${DEMO_IDS.gcpKey}/stripe-api-key?version=1 }}`,
    )
    expect(await harness.tag(SAMPLES.kv1)).toBe(
      `{{ hashicorp://${DEMO_IDS.vaultAppRole}/kv/legacy/service?engine=kv1#password }}`,
    )
    expect(await harness.tag(SAMPLES.kv2, { ...SAMPLES.kv2.form, mount: 'team/kv', version: '2' })).toBe(
      `{{ hashicorp://${DEMO_IDS.vaultToken}/team/kv/app/config?engine=kv2&mount=team/kv&version=2#api_token }}`,
    )
    expect(await harness.tag(SAMPLES.hcp)).toBe(
      `{{ hashicorp://${DEMO_IDS.hcp}/demo-org/demo-project/demo-app/STRIPE_KEY }}`,
    )
  })

  it('names the missing field of a form', async () => {
    const answer = await harness.call('POST', '/api/reference', {
      credential: DEMO_IDS.hcp,
      organization: 'o',
      project: 'p',
    })
    expect(answer.status).toBe(400)
    expect(answer.json.error.message).toBe('Fill in the app name.')
    const kv1Version = await harness.call('POST', '/api/reference', {
      credential: DEMO_IDS.vaultToken,
      ...SAMPLES.kv1.form,
      version: '3',
    })
    expect(kv1Version.json.error.message).toMatch(/KV v1 keeps no versions/)
  })
})

describe('server', () => {
  it('answers only its own host name, and API writes only as JSON', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: harness.demo.port,
          path: '/api/credentials',
          headers: { host: 'attacker.test' },
        },
        (response) => {
          response.resume()
          resolve(response.statusCode ?? 0)
        },
      )
      request.on('error', reject)
      request.end()
    })
    expect(status).toBe(421)
    const form = await fetch(`${harness.demo.url}/api/cache/reset`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    })
    expect(form.status).toBe(415)
  })

  it('exposes the mocks’ call counts by vault', async () => {
    const calls = (await harness.call('GET', '/api/mock/calls')).json
    expect(Object.keys(calls.byVault)).toEqual([
      'AWS Secrets Manager',
      'GCP Secret Manager',
      'HashiCorp Vault',
      'HCP Vault Secrets',
    ])
    expect(calls.total).toBe(
      Object.values(calls.byVault as Record<string, number>).reduce((a, b) => a + b, 0),
    )
  })
})
