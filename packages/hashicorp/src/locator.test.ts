import { type ParsedReference, parseObjectReference, parseReference, VaultError } from '@external-vault/core'
import { describe, expect, it } from 'vitest'
import { parseHashicorpCredential } from './credential.js'
import { hashicorpCacheKey, parseHashicorpLocator } from './locator.js'

const server = parseHashicorpCredential({
  id: 'v',
  provider: 'hashicorp',
  environment: 'on-premises',
  address: 'https://vault:8200',
  auth: { method: 'token', token: 't' },
})
const cloud = parseHashicorpCredential({
  id: 'h',
  provider: 'hashicorp',
  environment: 'cloud',
  clientId: 'c',
  clientSecret: 's',
})

const uri = (text: string) => {
  const { key: _key, ...parsed } = parseReference(text)
  return parsed as ParsedReference
}
const object = (fields: Record<string, unknown>) =>
  parseObjectReference({ provider: 'hashicorp', credential: 'v', ...fields }) as ParsedReference

function rejection(reference: ParsedReference, credential = server): VaultError {
  try {
    parseHashicorpLocator(reference, credential)
  } catch (error) {
    if (VaultError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected INVALID_REFERENCE')
}

describe('Vault server references', () => {
  it('reads <mount>/<path> with engine, mount and version options', () => {
    expect(parseHashicorpLocator(uri('hashicorp://v/secret/app/db'), server)).toEqual({
      environment: 'on-premises',
      path: 'secret/app/db',
    })
    expect(
      parseHashicorpLocator(uri('hashicorp://v/team/a/kv/app?engine=kv2&mount=team/a/kv&version=3'), server),
    ).toEqual({
      environment: 'on-premises',
      path: 'team/a/kv/app',
      mount: 'team/a/kv',
      engine: 'kv2',
      version: 3,
    })
  })

  it('reads the object form: path inside mount when mount is given, the whole path otherwise', () => {
    const withMount = parseHashicorpLocator(
      object({ mount: 'team/a/kv', path: 'app', engine: 'kv2', version: '2' }),
      server,
    )
    expect(withMount).toEqual({
      environment: 'on-premises',
      path: 'team/a/kv/app',
      mount: 'team/a/kv',
      engine: 'kv2',
      version: 2,
    })
    expect(parseHashicorpLocator(object({ path: '/secret/app/db/' }), server)).toEqual({
      environment: 'on-premises',
      path: 'secret/app/db',
    })
  })

  it('gives the URI and object forms of one secret the same cache key; versions and engines differ', () => {
    const key = (reference: ParsedReference) => hashicorpCacheKey(parseHashicorpLocator(reference, server))
    expect(key(uri('hashicorp://v/team/a/kv/app?mount=team/a/kv&engine=kv2'))).toBe(
      key(object({ mount: 'team/a/kv', path: 'app', engine: 'kv2' })),
    )
    expect(key(uri('hashicorp://v/secret/a?version=1'))).not.toBe(
      key(uri('hashicorp://v/secret/a?version=2')),
    )
    expect(key(uri('hashicorp://v/secret/a'))).not.toBe(key(uri('hashicorp://v/secret/a?version=1')))
    expect(key(uri('hashicorp://v/secret/a?engine=kv1'))).not.toBe(
      key(uri('hashicorp://v/secret/a?engine=kv2')),
    )
  })

  const bad: Array<[string, ParsedReference, string]> = [
    ['an unknown option', uri('hashicorp://v/secret/a?colour=red'), 'Unknown option "colour"'],
    ['a bad engine', uri('hashicorp://v/secret/a?engine=kv3'), '"engine" must be "kv1" or "kv2"'],
    ['a zero version', uri('hashicorp://v/secret/a?version=0'), '"version" must be a whole number from 1'],
    ['a word version', uri('hashicorp://v/secret/a?version=latest'), '"version" must be a whole number'],
    ['a version on kv1', uri('hashicorp://v/kv/a?engine=kv1&version=2'), 'KV version 1 keeps no versions'],
    [
      'a path outside the mount',
      uri('hashicorp://v/secret/a?mount=other'),
      'does not start with the mount "other"',
    ],
    ['a ".." segment', uri('hashicorp://v/secret/../sys/seal'), '"." or ".." segment'],
    ['an encoded ".." segment', uri('hashicorp://v/secret/%2E%2E/sys'), '"." or ".." segment'],
    ['an empty segment', uri('hashicorp://v/secret//a'), 'empty segment'],
    ['an unknown object field', object({ path: 'secret/a', secret: 'x' }), 'Unknown field "secret"'],
    ['an object without path', object({ mount: 'secret' }), 'needs "path"'],
  ]
  for (const [what, reference, message] of bad) {
    it(`rejects ${what}`, () => {
      const error = rejection(reference)
      expect(error.code).toBe('INVALID_REFERENCE')
      expect(error.message).toContain(message)
    })
  }
})

describe('HCP Vault Secrets references', () => {
  it('reads <organization>/<project>/<app>/<secret> with a version', () => {
    expect(parseHashicorpLocator(uri('hashicorp://h/org/proj/app/name?version=2'), cloud)).toEqual({
      environment: 'cloud',
      organization: 'org',
      project: 'proj',
      app: 'app',
      secret: 'name',
      version: 2,
    })
  })

  it('reads the object form and gives it the URI form’s cache key', () => {
    const fromObject = parseHashicorpLocator(
      parseObjectReference({
        provider: 'hashicorp',
        credential: 'h',
        organization: 'org',
        project: 'proj',
        app: 'app',
        secret: 'name',
      }),
      cloud,
    )
    expect(hashicorpCacheKey(fromObject)).toBe(
      hashicorpCacheKey(parseHashicorpLocator(uri('hashicorp://h/org/proj/app/name'), cloud)),
    )
  })

  it('rejects the wrong number of parts, server options, and slashes in object fields', () => {
    expect(rejection(uri('hashicorp://h/org/proj/app'), cloud).message).toContain('names four parts')
    expect(rejection(uri('hashicorp://h/org/proj/app/name?engine=kv2'), cloud).message).toContain(
      'Unknown option "engine"',
    )
    const slashed = parseObjectReference({
      provider: 'hashicorp',
      credential: 'h',
      organization: 'o',
      project: 'p',
      app: 'a/b',
      secret: 's',
    })
    expect(rejection(slashed, cloud).message).toContain('"app" must not contain "/"')
  })
})
