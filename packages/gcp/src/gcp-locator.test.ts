import { formatReference, type ParsedReference, parseReference } from '@external-vault/core'
import { vaultThrown } from '@external-vault/core/testing'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { GcpCredential } from './gcp-credential.js'
import { gcpCacheKey, gcpInsomniaMapping, parseGcpLocator, versionName } from './gcp-locator.js'

const projectCredential = {
  id: 'prod',
  provider: 'gcp',
  kind: 'application-default',
  projectId: 'acme-prod',
} as const
const adcCredential = { id: 'adc', provider: 'gcp', kind: 'application-default' } as const

function locate(reference: string | ParsedReference, credential: GcpCredential = projectCredential) {
  const parsed = typeof reference === 'string' ? parseReference(reference) : reference
  return parseGcpLocator(parsed, credential)
}

function objectReference(fields: Record<string, unknown>): ParsedReference {
  return { provider: 'gcp', credential: 'prod', options: {}, fields }
}

function rejection(reference: string | ParsedReference) {
  return vaultThrown(() => locate(reference))
}

describe('parseGcpLocator: URI references', () => {
  it('reads a short name: latest version of the credential’s project', () => {
    expect(locate('gcp://prod/db-creds')).toEqual({
      project: 'acme-prod',
      secret: 'db-creds',
      version: 'latest',
    })
  })

  it('takes version numbers, latest and aliases, and normalises numbers', () => {
    expect(locate('gcp://prod/db-creds?version=7').version).toBe('7')
    expect(locate('gcp://prod/db-creds?version=007').version).toBe('7')
    expect(locate('gcp://prod/db-creds?version=latest').version).toBe('latest')
    expect(locate('gcp://prod/db-creds?version=prod-current').version).toBe('prod-current')
  })

  it('takes project= and location= options', () => {
    expect(locate('gcp://prod/shared?project=acme-shared')).toMatchObject({ project: 'acme-shared' })
    expect(locate('gcp://prod/shared?project=123456789012').project).toBe('123456789012')
    expect(locate('gcp://prod/shared?location=us-east1')).toMatchObject({
      location: 'us-east1',
      project: 'acme-prod',
    })
  })

  it('reads full and regional resource names', () => {
    expect(locate('gcp://prod/projects/acme-shared/secrets/db/versions/3')).toEqual({
      project: 'acme-shared',
      secret: 'db',
      version: '3',
    })
    expect(locate('gcp://prod/projects/acme-shared/secrets/db?version=2')).toMatchObject({ version: '2' })
    expect(locate('gcp://prod/projects/p-1/locations/europe-west1/secrets/db')).toEqual({
      project: 'p-1',
      location: 'europe-west1',
      secret: 'db',
      version: 'latest',
    })
  })

  it.each([
    ['gcp://prod/db?stage=AWSCURRENT', /Unknown option "stage"/],
    ['gcp://prod/db?version=0', /numbered from 1/],
    ['gcp://prod/db?version=1.5', /"1.5" is not a version/],
    ['gcp://prod/db?version=-alias', /is not a version/],
    ['gcp://prod/db%20creds', /"db creds" is not a secret id/],
    ['gcp://prod/team/db', /neither a secret id nor a full resource name/],
    ['gcp://prod/projects/p/db', /neither a secret id nor a full resource name/],
    ['gcp://prod/projects/p/secrets/db/versions/2?version=3', /version is given twice/],
    ['gcp://prod/projects/p/secrets/db?project=q', /project is given twice/],
    ['gcp://prod/projects/p/locations/us-east1/secrets/db?location=us-east1', /location is given twice/],
    ['gcp://prod/db?project=a/b', /"a\/b" is not a project id/],
    ['gcp://prod/db?location=US_East', /"US_East" is not a location/],
  ])('rejects %s with INVALID_REFERENCE naming the problem', (reference, message) => {
    const error = rejection(reference)
    expect(error.code).toBe('INVALID_REFERENCE')
    expect(error.message).toMatch(message)
  })
})

describe('parseGcpLocator: object references and ADC', () => {
  it('reads secret, version (string or number), project and location fields', () => {
    expect(
      locate(objectReference({ secret: 'db', version: 4, project: 'acme-shared', location: 'us-east1' })),
    ).toEqual({
      project: 'acme-shared',
      location: 'us-east1',
      secret: 'db',
      version: '4',
    })
    expect(locate(objectReference({ secret: 'projects/p/secrets/db/versions/latest' }))).toMatchObject({
      project: 'p',
    })
  })

  it('rejects unknown fields and a missing secret', () => {
    expect(rejection(objectReference({ secret: 'db', versionStage: 'x' })).message).toMatch(
      /Unknown field "versionStage"/,
    )
    expect(rejection(objectReference({ version: '1' })).message).toMatch(/needs "secret"/)
    expect(rejection(objectReference({ secret: 42 })).message).toMatch(/"secret" must be a non-empty string/)
  })

  it('leaves the project to ADC when neither the reference nor the credential names one', () => {
    const locator = locate('gcp://adc/db', adcCredential)
    expect(locator).toEqual({ secret: 'db', version: 'latest' })
    expect(gcpCacheKey(locator)).toBe('projects/~adc-default/secrets/db/versions/latest')
  })
})

describe('gcpCacheKey and versionName', () => {
  it('is the resource name, version included, and the same for every spelling of one secret', () => {
    const short = gcpCacheKey(locate('gcp://prod/db?version=07'))
    expect(short).toBe('projects/acme-prod/secrets/db/versions/7')
    expect(gcpCacheKey(locate('gcp://prod/projects/acme-prod/secrets/db/versions/7'))).toBe(short)
    expect(gcpCacheKey(locate(objectReference({ secret: 'db', version: 7 })))).toBe(short)
    expect(gcpCacheKey(locate('gcp://prod/db?version=8'))).not.toBe(short)
    expect(gcpCacheKey(locate('gcp://prod/db?location=us-east1'))).toBe(
      'projects/acme-prod/locations/us-east1/secrets/db/versions/latest',
    )
  })

  it('is stable under format(parse(x)) for any valid secret id and version', () => {
    const secretId = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/)
    const version = fc.oneof(fc.constant('latest'), fc.integer({ min: 1, max: 10_000 }).map(String))
    fc.assert(
      fc.property(secretId, version, (id, v) => {
        const text = `gcp://prod/${id}?version=${v}`
        const again = formatReference(parseReference(text))
        expect(gcpCacheKey(locate(again))).toBe(gcpCacheKey(locate(text)))
        expect(versionName(locate(text), '42')).toBe(`projects/42/secrets/${id}/versions/${v}`)
      }),
    )
  })
})

describe('gcpInsomniaMapping', () => {
  it('maps { secretName, version } onto object-reference fields', () => {
    expect(gcpInsomniaMapping({ secretName: 'projects/p/secrets/db', version: '3' })).toEqual({
      fields: { secret: 'projects/p/secrets/db', version: '3' },
    })
    expect(gcpInsomniaMapping({ secretName: 'db', version: '' })).toEqual({ fields: { secret: 'db' } })
  })

  it('rejects a config without secretName or with unknown fields', () => {
    expect(() => gcpInsomniaMapping({ version: '1' })).toThrow(/no "secretName"/)
    expect(() => gcpInsomniaMapping({ secretName: 'db', region: 'x' })).toThrow(/unknown field "region"/)
  })
})
