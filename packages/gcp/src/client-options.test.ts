import { describe, expect, it } from 'vitest'
import { parseEndpoint, sdkClientOptions } from './client-options.js'
import { parseGcpCredential } from './gcp-credential.js'
import { generateServiceAccountKey } from './testing/index.js'

const key = generateServiceAccountKey({ projectId: 'acme-prod' })
const credential = parseGcpCredential({ id: 'prod', provider: 'gcp', serviceAccountKey: key })
const adc = parseGcpCredential({
  id: 'adc',
  provider: 'gcp',
  type: 'application-default',
  projectId: 'acme-adc',
})
const defaults = { endpoint: undefined, clientOptions: undefined, timeout: 30_000 }

describe('parseEndpoint', () => {
  it('maps a URL onto apiEndpoint, port and protocol', () => {
    expect(parseEndpoint('http://127.0.0.1:8085')).toEqual({
      apiEndpoint: '127.0.0.1',
      port: 8085,
      protocol: 'http',
    })
    expect(parseEndpoint('https://sm.internal.example')).toEqual({
      apiEndpoint: 'sm.internal.example',
      port: 443,
      protocol: 'https',
    })
    expect(parseEndpoint('http://localhost/')).toMatchObject({ port: 80 })
  })

  it.each([
    ['127.0.0.1:8085', /must be a URL such as/],
    ['localhost:8085', /must start with http/],
    ['not a url', /must be a URL/],
    ['ftp://127.0.0.1', /must start with http/],
    ['http://127.0.0.1:8085/v1', /must be an origin/],
    ['http://user@127.0.0.1', /must be an origin/],
  ])('rejects %s', (endpoint, message) => {
    expect(() => parseEndpoint(endpoint)).toThrow(message)
  })
})

describe('sdkClientOptions', () => {
  it('always uses the REST transport and passes the whole key (kid = private_key_id) and project', () => {
    const options = sdkClientOptions(defaults, credential, undefined)
    expect(options).toMatchObject({
      fallback: true,
      projectId: 'acme-prod',
      credentials: {
        type: 'service_account',
        client_email: key.client_email,
        private_key: key.private_key,
        private_key_id: key.private_key_id,
        project_id: 'acme-prod',
      },
    })
    expect(options.apiEndpoint).toBeUndefined()
  })

  it('sends regional secrets to the regional host, unless an endpoint is set', () => {
    expect(sdkClientOptions(defaults, credential, 'us-east1').apiEndpoint).toBe(
      'secretmanager.us-east1.rep.googleapis.com',
    )
    const endpoint = parseEndpoint('http://127.0.0.1:8085')
    expect(sdkClientOptions({ ...defaults, endpoint }, credential, 'us-east1')).toMatchObject(endpoint)
    expect(
      sdkClientOptions({ ...defaults, clientOptions: { apiEndpoint: 'sm.example' } }, credential, 'us-east1'),
    ).toMatchObject({
      apiEndpoint: 'sm.example',
    })
  })

  it('passes clientOptions through, but keeps fallback, the credential and the endpoint its own', () => {
    const endpoint = parseEndpoint('http://127.0.0.1:8085')
    const options = sdkClientOptions(
      {
        ...defaults,
        endpoint,
        clientOptions: {
          libName: 'my-app',
          fallback: false,
          port: 1,
          projectId: 'other',
          clientOptions: { quotaProjectId: 'q' },
        },
      },
      credential,
      undefined,
    )
    expect(options).toMatchObject({ libName: 'my-app', fallback: true, port: 8085, projectId: 'acme-prod' })
    expect(options.clientOptions).toMatchObject({
      quotaProjectId: 'q',
      transporterOptions: { adapter: expect.any(Function) },
    })
  })

  it('gives ADC only its project, leaving discovery to google-auth-library', () => {
    const options = sdkClientOptions(defaults, adc, undefined)
    expect(options).toMatchObject({ fallback: true, projectId: 'acme-adc' })
    expect(options).not.toHaveProperty('credentials')
  })
})
