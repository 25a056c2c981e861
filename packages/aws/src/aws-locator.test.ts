import { type ParsedReference, parseReference, VaultError } from '@external-vault/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { awsCacheKey, parseAwsLocator } from './aws-locator.js'
import { awsInsomniaMapping } from './insomnia-config.js'

const UUID = '4b1d9c2e-1111-4a2b-9c3d-0123456789ab'
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:team/db-AbCdEf'

function uri(text: string) {
  const { key: _key, ...parsed } = parseReference(text)
  return parseAwsLocator(parsed)
}

function object(fields: Record<string, unknown>) {
  const reference: ParsedReference = { provider: 'aws', credential: 'prod', options: {}, fields }
  return parseAwsLocator(reference)
}

function rejection(run: () => unknown): VaultError {
  try {
    run()
  } catch (error) {
    if (VaultError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected INVALID_REFERENCE')
}

describe('parseAwsLocator', () => {
  it('reads names with / + = . @ - as they are, and percent-decoded once', () => {
    expect(uri('aws://prod/team/app+db=1.v2@x-y')).toEqual({ secretId: 'team/app+db=1.v2@x-y' })
    expect(uri('aws://prod/team%2Fapp%2Bdb%3D1.v2%40x-y')).toEqual({ secretId: 'team/app+db=1.v2@x-y' })
  })

  it('reads versionId and versionStage from options and object fields', () => {
    expect(uri(`aws://prod/db?versionId=${UUID}`)).toEqual({ secretId: 'db', versionId: UUID })
    expect(uri('aws://prod/db?versionStage=AWSPREVIOUS')).toEqual({
      secretId: 'db',
      versionStage: 'AWSPREVIOUS',
    })
    expect(object({ secret: 'db', versionStage: 'AWSPENDING' })).toEqual({
      secretId: 'db',
      versionStage: 'AWSPENDING',
    })
  })

  it('takes the region of a whole ARN, plain or percent-encoded', () => {
    expect(uri(`aws://prod/${ARN}`)).toEqual({ secretId: ARN, region: 'eu-west-1' })
    expect(uri(`aws://prod/${encodeURIComponent(ARN)}?versionStage=AWSCURRENT`)).toEqual({
      secretId: ARN,
      versionStage: 'AWSCURRENT',
      region: 'eu-west-1',
    })
    expect(uri('aws://prod/arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x')).toMatchObject({
      region: 'cn-north-1',
    })
  })

  it('rejects what AWS would, naming the part to fix', () => {
    expect(rejection(() => uri('aws://prod/db?version=3')).message).toContain('no option "version"')
    expect(rejection(() => object({ secret: 'db', stage: 'x' })).message).toContain('no field "stage"')
    expect(rejection(() => object({ versionStage: 'x' })).message).toContain('"secret"')
    expect(rejection(() => uri('aws://prod/db?versionId=3')).message).toContain('32–64 characters')
    expect(rejection(() => uri('aws://prod/db?versionStage=')).message).toContain('versionStage')
    expect(rejection(() => uri('aws://prod/arn:aws:s3:::bucket')).message).toContain(
      'not a Secrets Manager secret ARN',
    )
    expect(rejection(() => object({ secret: 'x'.repeat(2049) })).message).toContain('2048')
    expect(rejection(() => object({ secret: 'db', versionId: 7 })).code).toBe('INVALID_REFERENCE')
  })
})

describe('awsCacheKey', () => {
  it('is the same for the default and an explicit AWSCURRENT, and differs per version', () => {
    const key = (text: string) => awsCacheKey(uri(text))
    expect(key('aws://prod/db')).toBe(key('aws://prod/db?versionStage=AWSCURRENT'))
    expect(key('aws://prod/db')).toBe(key('aws://prod/db#password'))
    expect(key('aws://prod/db')).not.toBe(key('aws://prod/db?versionStage=AWSPREVIOUS'))
    expect(key('aws://prod/db')).not.toBe(key(`aws://prod/db?versionId=${UUID}`))
    expect(key('aws://prod/a%2Fb')).toBe(key('aws://prod/a/b'))
  })

  it('never collides for different secrets or versions (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9/_+=.@-]{1,20}$/)
    const stage = fc.option(fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/), { nil: undefined })
    fc.assert(
      fc.property(name, stage, name, stage, (a, stageA, b, stageB) => {
        const left = awsCacheKey({ secretId: a, ...(stageA === undefined ? {} : { versionStage: stageA }) })
        const right = awsCacheKey({ secretId: b, ...(stageB === undefined ? {} : { versionStage: stageB }) })
        const same = a === b && (stageA ?? 'AWSCURRENT') === (stageB ?? 'AWSCURRENT')
        expect(left === right).toBe(same)
      }),
    )
  })
})

describe('awsInsomniaMapping', () => {
  it('maps plaintext and kv configs, treating empty strings as unset', () => {
    expect(
      awsInsomniaMapping({
        SecretId: 'db',
        SecretType: 'plaintext',
        VersionId: '',
        VersionStage: '',
        SecretKey: 'ignored',
      }),
    ).toEqual({
      fields: { secret: 'db' },
    })
    expect(
      awsInsomniaMapping({
        SecretId: ARN,
        VersionStage: 'AWSPREVIOUS',
        SecretType: 'kv',
        SecretKey: 'password',
      }),
    ).toEqual({
      fields: { secret: ARN, versionStage: 'AWSPREVIOUS' },
      key: 'password',
    })
    expect(awsInsomniaMapping({ SecretId: 'db', VersionId: UUID })).toEqual({
      fields: { secret: 'db', versionId: UUID },
    })
    expect(awsInsomniaMapping({ SecretId: 'db', SecretType: 'kv', SecretKey: '' })).toEqual({
      fields: { secret: 'db' },
    })
  })

  it('writes a key that starts with "/" as a JSON pointer to that field', () => {
    expect(awsInsomniaMapping({ SecretId: 'db', SecretType: 'kv', SecretKey: '/a~b' }).key).toBe('/~1a~0b')
  })

  it('rejects a missing SecretId and an unknown SecretType', () => {
    expect(rejection(() => awsInsomniaMapping({ SecretType: 'kv' })).message).toContain(
      '"SecretId" is missing',
    )
    expect(rejection(() => awsInsomniaMapping({ SecretId: 'db', SecretType: 'binary' })).message).toContain(
      'SecretType',
    )
    expect(rejection(() => awsInsomniaMapping({ SecretId: 5 })).message).toContain('"SecretId" must be text')
  })
})
