import { describe, expect, it } from 'vitest'
import { DEFAULT_HCP_API_URL, DEFAULT_HCP_AUTH_URL, hashicorpVault } from './index.js'

describe('hashicorpVault', () => {
  it('declares contract v1 with the id "hashicorp" and HCP’s public endpoints by default', () => {
    const provider = hashicorpVault()
    expect(provider.specificationVersion).toBe('v1')
    expect(provider.id).toBe('hashicorp')
    expect([DEFAULT_HCP_AUTH_URL, DEFAULT_HCP_API_URL]).toEqual([
      'https://auth.idp.hashicorp.com',
      'https://api.cloud.hashicorp.com',
    ])
  })

  it('rejects settings that cannot work', () => {
    expect(() => hashicorpVault({ retry: -1 })).toThrow('"retry" must be a non-negative number')
    expect(() => hashicorpVault({ requestTimeout: 0 })).toThrow('"requestTimeout" must be a positive number')
    expect(() => hashicorpVault({ hcpApiUrl: 'not a url' })).toThrow('"hcpApiUrl" must be a URL')
  })
})
