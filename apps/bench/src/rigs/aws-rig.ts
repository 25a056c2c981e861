import type { AwsEndpoint } from './powertools.js'
import { rigControls, startRemoteMock } from './remote-mock.js'
import type { Rig, RigDefinition } from './rig.js'

const CREDENTIAL_ID = 'bench'

/** The AWS rig, plus what Powertools needs to reach the same mock with its own SDK client. */
export interface AwsRig extends Rig {
  readonly endpoint: AwsEndpoint
}

/** AWS Secrets Manager: the provider with a temporary credential, names used as they are (they may hold `/`). */
export const awsRig: RigDefinition & { start(): Promise<AwsRig> } = {
  label: 'aws',
  packageName: '@external-vault/aws',
  sdk: '@aws-sdk/client-secrets-manager',
  async start(): Promise<AwsRig> {
    const { awsSecretsManager } = await import('@external-vault/aws')
    const mock = await startRemoteMock('aws')
    const endpoint: AwsEndpoint = {
      endpoint: mock.url,
      region: String(mock.info.region),
      accessKeyId: String(mock.info.accessKeyId),
      secretAccessKey: String(mock.info.secretAccessKey),
      sessionToken: String(mock.info.sessionToken),
    }
    const settings = { endpoint: mock.url }
    const credential = {
      id: CREDENTIAL_ID,
      provider: 'aws',
      type: 'temporary',
      region: endpoint.region,
      accessKeyId: endpoint.accessKeyId,
      secretAccessKey: endpoint.secretAccessKey,
      sessionToken: endpoint.sessionToken,
    }
    return {
      ...rigControls(mock),
      label: 'aws',
      endpoint,
      credential,
      createProvider: () => awsSecretsManager(settings),
      reference: (name, key) => `aws://${CREDENTIAL_ID}/${name}${key === undefined ? '' : `#${key}`}`,
      objectReference: (name, key) => ({
        provider: 'aws',
        credential: CREDENTIAL_ID,
        secret: name,
        ...(key === undefined ? {} : { key }),
      }),
      recipe: { packageName: '@external-vault/aws', factory: 'awsSecretsManager', settings, credential },
    }
  },
}
