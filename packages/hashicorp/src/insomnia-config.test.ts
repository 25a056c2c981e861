import { createVault } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import { describe, expect, it } from 'vitest'
import {
  cloudCredential,
  SENTINEL,
  testProvider,
  tokenCredential,
  useMocks,
} from './test-support/fixtures.js'

const { vault } = useMocks()

const client = () =>
  createVault({ providers: [testProvider()], credentials: [tokenCredential(), cloudCredential()] })
const tag = (credential: string, config: unknown, base64 = false) => {
  const json = JSON.stringify(config)
  return `{% vault 'hashicorp', '${credential}', '${base64 ? Buffer.from(json).toString('base64') : json}' %}`
}

const renderFailure = (text: string) => vaultFailure(client().render(text))

describe("Insomnia's vault tag", () => {
  it('reads a KV v2 config with secretKey, as JSON and as base64', async () => {
    const config = {
      kvVersion: 'v2',
      secretEnginePath: 'secret',
      secretName: 'app/db',
      secretKey: 'password',
    }
    expect(await client().render(`pw=${tag('vault', config)}`)).toBe(`pw=${SENTINEL.dbPassword}`)
    expect(await client().render(tag('vault', config, true))).toBe(SENTINEL.dbPassword)
    // kvVersion given: no mount lookup.
    expect(vault.calls.filter((call) => call.kind === 'mounts')).toHaveLength(0)
  })

  it('reads a KV v2 config with a version, and a KV v1 config', async () => {
    const v2 = {
      kvVersion: 'v2',
      secretEnginePath: 'secret',
      secretName: 'app/api',
      secretKey: 'token',
      version: 1,
    }
    const v1 = { kvVersion: 'v1', secretEnginePath: 'kv1', secretName: 'legacy/config', secretKey: 'key' }
    expect(await client().render(`${tag('vault', v2)} ${tag('vault', v1)}`)).toBe(
      `${SENTINEL.apiV1} ${SENTINEL.legacyKey}`,
    )
  })

  it('reads a nested mount as secretEnginePath', async () => {
    const config = {
      kvVersion: 'v2',
      secretEnginePath: 'team/a/kv',
      secretName: 'service/creds',
      secretKey: 'pass',
    }
    expect(await client().render(tag('vault', config))).toBe(SENTINEL.nestedPass)
  })

  it('returns the whole secret as JSON without secretKey', async () => {
    const config = { kvVersion: 'v2', secretEnginePath: 'secret', secretName: 'app/db', secretKey: '' }
    expect(JSON.parse(await client().render(tag('vault', config)))).toEqual({
      username: 'app-user',
      password: SENTINEL.dbPassword,
    })
  })

  it('reads an HCP Vault Secrets static config, latest and by version', async () => {
    const latest = {
      type: 'static',
      organizationId: 'org-1',
      projectId: 'proj-1',
      appName: 'web',
      secretName: 'api_key',
    }
    expect(await client().render(`${tag('hcp', latest)}|${tag('hcp', { ...latest, version: '1' })}`)).toBe(
      `${SENTINEL.hcpKeyV2}|${SENTINEL.hcpKeyV1}`,
    )
  })

  it('rejects a non-static HCP secret, a bad kvVersion and a missing field with INVALID_REFERENCE', async () => {
    const rotating = await renderFailure(
      tag('hcp', { type: 'rotating', organizationId: 'o', projectId: 'p', appName: 'a', secretName: 's' }),
    )
    expect(rotating.code).toBe('INVALID_REFERENCE')
    expect(rotating.message).toContain('only "static" secrets are')
    const kv3 = await renderFailure(
      tag('vault', { kvVersion: 'v3', secretEnginePath: 'secret', secretName: 'a' }),
    )
    expect(kv3.message).toContain('"kvVersion" must be "v1" or "v2"')
    const missing = await renderFailure(tag('vault', { kvVersion: 'v2', secretName: 'a' }))
    expect(missing.message).toContain('no "secretEnginePath"')
    expect(vault.calls).toHaveLength(0)
  })
})
