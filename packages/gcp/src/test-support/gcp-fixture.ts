import { createSecretManagerMock, generateServiceAccountKey } from '../testing/index.js'

export const PROJECT = 'acme-prod'
export const PROJECT_NUMBER = '123456789012'
export const DB_VALUE = { username: 'admin-SENTINEL-gcp', password: 'hunter2-SENTINEL-gcp' }
export const API_V1 = 'api-v1-SENTINEL-gcp'
export const API_V2 = 'api-v2-SENTINEL-gcp'
export const REGIONAL_VALUE = 'regional-SENTINEL-gcp'
export const OTHER_PROJECT_VALUE = 'other-project-SENTINEL-gcp'

/** A seeded mock, a key it knows and one it does not, shared by this package's tests. */
export function createGcpFixture() {
  const mock = createSecretManagerMock()
  const key = mock.mintServiceAccountKey({ projectId: PROJECT })
  const strangerKey = generateServiceAccountKey({ projectId: PROJECT, account: 'stranger' })

  function seed(): void {
    mock.reset()
    mock.addProject(PROJECT, PROJECT_NUMBER)
    mock.addSecret({ project: PROJECT, secret: 'db-creds', versions: [JSON.stringify(DB_VALUE)] })
    mock.addSecret({
      project: PROJECT,
      secret: 'api-key',
      versions: [API_V1, API_V2],
      aliases: { stable: 1 },
    })
    mock.addSecret({
      project: PROJECT,
      location: 'us-east1',
      secret: 'regional-key',
      versions: [REGIONAL_VALUE],
    })
    mock.addSecret({ project: 'acme-shared', secret: 'shared-key', versions: [OTHER_PROJECT_VALUE] })
  }
  seed()

  return {
    mock,
    key,
    strangerKey,
    seed,
    credential: { id: 'prod', provider: 'gcp', serviceAccountKey: key },
    strangerCredential: { id: 'stranger', provider: 'gcp', serviceAccountKey: strangerKey },
    /** Everything secret in play: values, private keys. */
    sentinels: [
      DB_VALUE.username,
      DB_VALUE.password,
      API_V1,
      API_V2,
      REGIONAL_VALUE,
      OTHER_PROJECT_VALUE,
      key.private_key,
      strangerKey.private_key,
      // The base64 body of a PEM key, in case only part of it were printed.
      key.private_key.split('\n')[5] as string,
    ],
  }
}
