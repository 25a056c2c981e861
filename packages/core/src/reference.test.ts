import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ParsedReference } from './provider.js'
import { formatReference, MAX_REFERENCE_LENGTH, parseObjectReference, parseReference } from './reference.js'
import { VaultError } from './vault-error.js'

function invalid(text: unknown): VaultError {
  try {
    parseReference(text as string)
  } catch (error) {
    if (VaultError.isInstance(error)) return error
    throw error
  }
  throw new Error(`expected ${String(text)} to be refused`)
}

describe('parseReference', () => {
  it('reads an AWS reference with a stage and a key', () => {
    expect(parseReference('aws://prod/db/creds?versionStage=AWSPREVIOUS#password')).toEqual({
      provider: 'aws',
      credential: 'prod',
      locator: 'db/creds',
      options: { versionStage: 'AWSPREVIOUS' },
      key: 'password',
    })
  })

  it('keeps an ARN whole, with its colons, and a plus as a plus', () => {
    const parsed = parseReference(
      'aws://prod/arn:aws:secretsmanager:eu-west-1:123456789012:secret:a+b=c.d@e-AbCdEf',
    )
    expect(parsed.locator).toBe('arn:aws:secretsmanager:eu-west-1:123456789012:secret:a+b=c.d@e-AbCdEf')
  })

  it('reads GCP short and full resource names, with options', () => {
    expect(parseReference('gcp://sa/api-key?version=3&project=my-proj')).toMatchObject({
      locator: 'api-key',
      options: { version: '3', project: 'my-proj' },
    })
    expect(
      parseReference('gcp://sa/projects/p/locations/europe-west1/secrets/s/versions/latest').locator,
    ).toBe('projects/p/locations/europe-west1/secrets/s/versions/latest')
  })

  it('reads HashiCorp server and cloud references', () => {
    expect(parseReference('hashicorp://vault/secret/app/db?engine=kv2&version=4#/nested/pass')).toMatchObject(
      {
        locator: 'secret/app/db',
        options: { engine: 'kv2', version: '4' },
        key: '/nested/pass',
      },
    )
    expect(parseReference('hashicorp://hcp/org-1/proj-2/my-app/API_KEY').locator).toBe(
      'org-1/proj-2/my-app/API_KEY',
    )
  })

  it('percent-decodes the credential, locator, options and key once', () => {
    expect(parseReference('aws://team%20a/name%2Fwith%3Fquery%23hash%25?versionId=a%26b#f%23x')).toEqual({
      provider: 'aws',
      credential: 'team a',
      locator: 'name/with?query#hash%',
      options: { versionId: 'a&b' },
      key: 'f#x',
    })
  })

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['db/creds', 'no "<provider>://"'],
    ['AWS://prod/x', 'not a provider name'],
    ['aws:///x', 'no credential'],
    ['aws://prod', 'no secret'],
    ['aws://prod/', 'no secret'],
    ['aws://prod/x%zz', 'malformed percent-encoding'],
    ['aws://prod/x?a', 'has no value'],
    ['aws://prod/x?a=1&a=2', 'given twice'],
    ['aws://prod/x#', 'no key'],
    [`aws://prod/${'x'.repeat(100_000)}`, 'longer than'],
  ])('refuses %j as INVALID_REFERENCE (%s)', (text, says) => {
    const error = invalid(text)
    expect(error.code).toBe('INVALID_REFERENCE')
    expect(error.message).toContain(says)
    expect(error.message.length).toBeLessThan(600)
  })

  it('refuses a non-string', () => {
    expect(invalid(42).code).toBe('INVALID_REFERENCE')
  })
})

describe('formatReference', () => {
  it('writes the canonical form: options sorted, reserved characters encoded', () => {
    expect(formatReference(parseReference('aws://prod/a%20b?versionStage=S&versionId=v#k%20y'))).toBe(
      'aws://prod/a%20b?versionId=v&versionStage=S#k%20y',
    )
  })

  const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  const parsedReference: fc.Arbitrary<ParsedReference> = fc.record(
    {
      provider: fc.stringMatching(/^[a-z][a-z0-9+.-]{0,9}$/),
      credential: name.filter((text) => text.trim() === text),
      locator: name,
      options: fc.dictionary(name, fc.string({ unit: 'grapheme', maxLength: 20 }), { maxKeys: 3 }),
      key: name,
    },
    { requiredKeys: ['provider', 'credential', 'locator', 'options'] },
  )

  it('round-trips any reference: parse(format(r)) equals r, and format is stable', () => {
    fc.assert(
      fc.property(parsedReference, (reference) => {
        const text = formatReference(reference)
        const parsed = parseReference(text)
        expect(parsed).toEqual({ ...reference, options: { ...reference.options } })
        expect(formatReference(parsed)).toBe(text)
      }),
      { numRuns: 2000 },
    )
  })

  it('never crashes on arbitrary text: it parses or throws INVALID_REFERENCE', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        try {
          const parsed = parseReference(text)
          expect(parseReference(formatReference(parsed))).toEqual(parsed)
        } catch (error) {
          expect(VaultError.isInstance(error) && error.code).toBe('INVALID_REFERENCE')
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('refuses text just over the limit and accepts text at it', () => {
    const prefix = 'aws://prod/'
    expect(parseReference(prefix + 'x'.repeat(MAX_REFERENCE_LENGTH - prefix.length)).locator).toHaveLength(
      MAX_REFERENCE_LENGTH - prefix.length,
    )
    expect(invalid(prefix + 'x'.repeat(MAX_REFERENCE_LENGTH - prefix.length + 1)).code).toBe(
      'INVALID_REFERENCE',
    )
  })
})

describe('parseObjectReference', () => {
  it('puts provider-specific properties in fields and takes key and encoding out', () => {
    expect(
      parseObjectReference({
        provider: 'aws',
        credential: 'prod',
        secret: 'db',
        versionStage: 'X',
        key: 'k',
        encoding: 'base64',
      }),
    ).toEqual({
      provider: 'aws',
      credential: 'prod',
      options: { encoding: 'base64' },
      fields: { secret: 'db', versionStage: 'X' },
      key: 'k',
    })
  })

  it.each([
    [{ credential: 'prod' }, 'provider'],
    [{ provider: 'aws' }, 'credential'],
    [{ provider: 'aws', credential: 'prod', key: '' }, 'key'],
    [null, 'object'],
  ])('refuses %j naming %s', (input, field) => {
    expect(() => parseObjectReference(input as never)).toThrowError(
      expect.objectContaining({ code: 'INVALID_REFERENCE', message: expect.stringContaining(field) }),
    )
  })
})

describe('hostile option names', () => {
  it('keeps "__proto__" an ordinary option instead of changing the prototype', () => {
    const parsed = parseReference('aws://prod/x?__proto__=y')
    expect(Object.keys(parsed.options)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(parsed.options)).toBe(Object.prototype)
    expect(formatReference(parsed)).toBe('aws://prod/x?__proto__=y')
  })
})
