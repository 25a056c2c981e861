import { plainName } from './mocks/seed-shapes.js'
import { rigControls, startRemoteMock } from './remote-mock.js'
import type { Rig, RigDefinition } from './rig.js'

const CREDENTIAL_ID = 'bench'

/** GCP Secret Manager: the provider over its REST transport with a service-account key the mock minted. */
export const gcpRig: RigDefinition = {
  label: 'gcp',
  packageName: '@external-vault/gcp',
  sdk: '@google-cloud/secret-manager',
  async start(): Promise<Rig> {
    const { gcpSecretManager } = await import('@external-vault/gcp')
    const mock = await startRemoteMock('gcp')
    const settings = { endpoint: mock.url }
    const credential = { id: CREDENTIAL_ID, provider: 'gcp', serviceAccountKey: mock.info.serviceAccountKey }
    return {
      ...rigControls(mock),
      label: 'gcp',
      credential,
      createProvider: () => gcpSecretManager(settings),
      reference: (name, key) =>
        `gcp://${CREDENTIAL_ID}/${plainName(name)}${key === undefined ? '' : `#${key}`}`,
      objectReference: (name, key) => ({
        provider: 'gcp',
        credential: CREDENTIAL_ID,
        secret: plainName(name),
        ...(key === undefined ? {} : { key }),
      }),
      recipe: { packageName: '@external-vault/gcp', factory: 'gcpSecretManager', settings, credential },
    }
  },
}
