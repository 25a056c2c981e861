import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CloudCredentialInput } from '@external-vault/core'
import { vaultFailure } from '@external-vault/core/testing'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isolateEnvironment } from './test-support/environment.js'
import { type Testbed, testbed } from './test-support/testbed.js'

let bed: Testbed
let dir: string
let restore: () => void
const server = setupServer()

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(async () => {
  bed = testbed(['us-east-1', 'eu-west-1'])
  server.resetHandlers(...bed.mock.handlers)
  bed.mock.addSecret({ name: 'app/api', value: 'us-value' })
  bed.mock.addSecret({ name: 'app/api', value: 'eu-value', region: 'eu-west-1' })
  dir = await mkdtemp(join(tmpdir(), 'aws-credential-kinds-'))
  restore = isolateEnvironment(dir)
})
afterEach(async () => {
  restore()
  await rm(dir, { recursive: true, force: true })
})

async function files(credentials: string, config: string) {
  const credentialsFile = join(dir, 'credentials')
  const configFile = join(dir, 'config')
  await writeFile(credentialsFile, credentials)
  await writeFile(configFile, config)
  return { credentialsFile, configFile }
}

function read(credential: CloudCredentialInput, reference = `aws://${credential.id}/app/api`) {
  return bed.vault(undefined, [credential]).get(reference)
}

describe('profile credentials (shared files written by the test)', () => {
  it('reads keys and session token from the credentials file and the region from the config file', async () => {
    const paths = await files(
      `[dev]\naws_access_key_id = ${bed.key.accessKeyId}\naws_secret_access_key = ${bed.key.secretAccessKey}\naws_session_token = ${bed.key.sessionToken}\n`,
      '# shared config\n[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\ns3 =\n  region = ap-south-1\n',
    )
    expect(await read({ id: 'dev', provider: 'aws', type: 'profile', profile: 'dev', ...paths })).toBe(
      'eu-value',
    )
    expect(bed.mock.calls[0]).toMatchObject({
      region: 'eu-west-1',
      accessKeyId: bed.key.accessKeyId,
      status: 200,
    })
  })

  it('lets the credential’s region win over the profile’s', async () => {
    const paths = await files(
      `[dev]\naws_access_key_id=${bed.key.accessKeyId}\naws_secret_access_key=${bed.key.secretAccessKey}\naws_session_token=${bed.key.sessionToken}\n`,
      '[profile dev]\nregion = eu-west-1\n',
    )
    expect(
      await read({
        id: 'dev',
        provider: 'aws',
        type: 'profile',
        profile: 'dev',
        region: 'us-east-1',
        ...paths,
      }),
    ).toBe('us-value')
  })

  it('finds the default files under HOME when no paths are given', async () => {
    const permanent = bed.mock.createAccessKey()
    await mkdir(join(dir, '.aws'))
    await writeFile(
      join(dir, '.aws', 'credentials'),
      `[default]\naws_access_key_id = ${permanent.accessKeyId}\naws_secret_access_key = ${permanent.secretAccessKey}\n`,
    )
    await writeFile(join(dir, '.aws', 'config'), '[default]\nregion = us-east-1\n')
    expect(await read({ id: 'home', provider: 'aws', type: 'profile', profile: 'default' })).toBe('us-value')
    expect(bed.mock.calls[0]?.accessKeyId).toBe(permanent.accessKeyId)
  })

  it('answers AUTHENTICATION_FAILED naming the profile when it does not exist', async () => {
    const paths = await files(
      '[other]\naws_access_key_id = A\naws_secret_access_key = B\n',
      '[profile other]\nregion = us-east-1\n',
    )
    const error = await vaultFailure(
      read({
        id: 'dev',
        provider: 'aws',
        type: 'profile',
        profile: 'missing',
        region: 'us-east-1',
        ...paths,
      }),
    )
    expect(error).toMatchObject({ code: 'AUTHENTICATION_FAILED', provider: 'aws' })
    expect(error.message).toContain('profile "missing"')
    expect(bed.mock.calls).toHaveLength(0)
  })

  it('answers INVALID_CREDENTIAL naming region when neither the credential, AWS_REGION nor the profile sets one', async () => {
    const paths = await files(
      `[dev]\naws_access_key_id = A\naws_secret_access_key = B\n`,
      '[profile dev]\noutput = json\n',
    )
    const error = await vaultFailure(
      read({ id: 'dev', provider: 'aws', type: 'profile', profile: 'dev', ...paths }),
    )
    expect(error.code).toBe('INVALID_CREDENTIAL')
    expect(error.message).toContain('"region"')
    expect(bed.mock.calls).toHaveLength(0)
  })

  it('gets role credentials for an SSO profile through the SDK’s SSO provider', async () => {
    const startUrl = 'https://example-sso.awsapps.com/start'
    const ssoKey = bed.mock.createAccessKey({ temporary: true })
    await mkdir(join(dir, '.aws', 'sso', 'cache'), { recursive: true })
    // The token `aws sso login` caches, named by the SHA-1 of the start URL.
    await writeFile(
      join(dir, '.aws', 'sso', 'cache', `${createHash('sha1').update(startUrl).digest('hex')}.json`),
      JSON.stringify({
        accessToken: 'SENTINEL-sso-access-token',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    )
    const paths = await files(
      '',
      `[profile sso-dev]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Reader\nregion = us-east-1\n`,
    )
    const portal: Array<{ token: string | null; query: string }> = []
    // GetRoleCredentials of the AWS IAM Identity Center portal API.
    server.use(
      http.get('https://portal.sso.us-east-1.amazonaws.com/federation/credentials', ({ request }) => {
        const url = new URL(request.url)
        portal.push({ token: request.headers.get('x-amz-sso_bearer_token'), query: url.search })
        return HttpResponse.json({
          roleCredentials: {
            accessKeyId: ssoKey.accessKeyId,
            secretAccessKey: ssoKey.secretAccessKey,
            sessionToken: ssoKey.sessionToken,
            expiration: Date.now() + 3_600_000,
          },
        })
      }),
    )
    expect(await read({ id: 'sso', provider: 'aws', type: 'profile', profile: 'sso-dev', ...paths })).toBe(
      'us-value',
    )
    expect(portal).toEqual([
      { token: 'SENTINEL-sso-access-token', query: expect.stringContaining('role_name=Reader') },
    ])
    expect(bed.mock.calls[0]?.accessKeyId).toBe(ssoKey.accessKeyId)
  })

  it('gets role credentials for an sso-session profile (the current SSO format)', async () => {
    const ssoKey = bed.mock.createAccessKey({ temporary: true })
    await mkdir(join(dir, '.aws', 'sso', 'cache'), { recursive: true })
    // With sso-session, the cached token is named by the SHA-1 of the session's name.
    await writeFile(
      join(dir, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`),
      JSON.stringify({
        accessToken: 'SENTINEL-session-token-2',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    )
    const paths = await files(
      '',
      '[profile reader]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Reader\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    )
    server.use(
      http.get('https://portal.sso.us-east-1.amazonaws.com/federation/credentials', ({ request }) =>
        request.headers.get('x-amz-sso_bearer_token') === 'SENTINEL-session-token-2'
          ? HttpResponse.json({
              roleCredentials: {
                accessKeyId: ssoKey.accessKeyId,
                secretAccessKey: ssoKey.secretAccessKey,
                sessionToken: ssoKey.sessionToken,
                expiration: Date.now() + 3_600_000,
              },
            })
          : HttpResponse.json({ message: 'Session token not found or invalid' }, { status: 401 }),
      ),
    )
    expect(await read({ id: 'sso', provider: 'aws', type: 'profile', profile: 'reader', ...paths })).toBe(
      'eu-value',
    )
    expect(bed.mock.calls[0]).toMatchObject({ accessKeyId: ssoKey.accessKeyId, region: 'eu-west-1' })
  })

  it('answers AUTHENTICATION_FAILED with the SDK’s hint when the SSO session has expired', async () => {
    const startUrl = 'https://example-sso.awsapps.com/start'
    await mkdir(join(dir, '.aws', 'sso', 'cache'), { recursive: true })
    await writeFile(
      join(dir, '.aws', 'sso', 'cache', `${createHash('sha1').update(startUrl).digest('hex')}.json`),
      JSON.stringify({
        accessToken: 'SENTINEL-sso-access-token',
        expiresAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    )
    const paths = await files(
      '',
      `[profile sso-dev]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Reader\nregion = us-east-1\n`,
    )
    const error = await vaultFailure(
      read({ id: 'sso', provider: 'aws', type: 'profile', profile: 'sso-dev', ...paths }),
    )
    expect(error.code).toBe('AUTHENTICATION_FAILED')
    expect(error.message).toContain('The SSO session associated with this profile has expired')
    expect(error.message).toContain('aws sso login')
    expect(error.message).not.toContain('SENTINEL')
  })
})

describe('default-chain credentials (environment variables)', () => {
  it('uses AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_REGION', async () => {
    process.env.AWS_ACCESS_KEY_ID = bed.key.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = bed.key.secretAccessKey
    process.env.AWS_SESSION_TOKEN = bed.key.sessionToken
    process.env.AWS_REGION = 'eu-west-1'
    expect(await read({ id: 'ci', provider: 'aws', type: 'default' })).toBe('eu-value')
    expect(bed.mock.calls[0]).toMatchObject({ region: 'eu-west-1', accessKeyId: bed.key.accessKeyId })
  })

  it('uses the credential’s region over AWS_REGION', async () => {
    process.env.AWS_ACCESS_KEY_ID = bed.key.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = bed.key.secretAccessKey
    process.env.AWS_SESSION_TOKEN = bed.key.sessionToken
    process.env.AWS_REGION = 'eu-west-1'
    expect(await read({ id: 'ci', provider: 'aws', type: 'default', region: 'us-east-1' })).toBe('us-value')
  })

  it('answers AUTHENTICATION_FAILED when the chain finds no keys', async () => {
    const error = await vaultFailure(
      read({ id: 'ci', provider: 'aws', type: 'default', region: 'us-east-1' }),
    )
    expect(error).toMatchObject({ code: 'AUTHENTICATION_FAILED', provider: 'aws' })
    expect(error.message).toContain('default chain')
    expect(bed.mock.calls).toHaveLength(0)
  })

  it('tests a default-chain credential with STS', async () => {
    process.env.AWS_ACCESS_KEY_ID = bed.key.accessKeyId
    process.env.AWS_SECRET_ACCESS_KEY = bed.key.secretAccessKey
    process.env.AWS_SESSION_TOKEN = bed.key.sessionToken
    await bed
      .vault(undefined, [{ id: 'ci', provider: 'aws', type: 'default', region: 'us-east-1' }])
      .testCredential('ci')
    expect(bed.mock.calls).toEqual([
      expect.objectContaining({ service: 'sts', status: 200, accessKeyId: bed.key.accessKeyId }),
    ])
  })
})
