import { HCP_APP, KV_MOUNT, kvWraps, plainName } from './mocks/seed-shapes.js'
import { rigControls, startRemoteMock } from './remote-mock.js'
import type { Rig, RigDefinition } from './rig.js'

const CREDENTIAL_ID = 'bench'
const PACKAGE = '@external-vault/hashicorp'
// The provider talks to Vault with fetch; undici is what it loads for a private CA.
const SDK = 'undici'

const withKey = (reference: string, key: string | undefined) =>
  key === undefined ? reference : `${reference}#${key}`

/** A Vault server with a KV v2 mount, read with a token. A plain string lives in the KV field `value`. */
export const hashicorpServerRig: RigDefinition = {
  label: 'hashicorp server',
  packageName: PACKAGE,
  sdk: SDK,
  async start(): Promise<Rig> {
    const { hashicorpVault } = await import('@external-vault/hashicorp')
    const mock = await startRemoteMock('hashicorp-server')
    const settings = {}
    const credential = {
      id: CREDENTIAL_ID,
      provider: 'hashicorp',
      environment: 'on-premises',
      address: mock.url,
      auth: { method: 'token', token: mock.info.token },
    }
    // Names stored as { value }: a get without a key reads that field, so every rig returns the same string.
    const wrapped = new Set<string>()
    const keyFor = (name: string, key: string | undefined) => key ?? (wrapped.has(name) ? 'value' : undefined)
    return {
      ...rigControls(mock),
      label: 'hashicorp server',
      credential,
      createProvider: () => hashicorpVault(settings),
      async seed(name, value) {
        if (kvWraps(value)) wrapped.add(name)
        else wrapped.delete(name)
        await mock.seed(name, value)
      },
      reference: (name, key) =>
        withKey(`hashicorp://${CREDENTIAL_ID}/${KV_MOUNT}/${name}`, keyFor(name, key)),
      objectReference: (name, key) => {
        const field = keyFor(name, key)
        return {
          provider: 'hashicorp',
          credential: CREDENTIAL_ID,
          mount: KV_MOUNT,
          path: name,
          ...(field === undefined ? {} : { key: field }),
        }
      },
      recipe: { packageName: PACKAGE, factory: 'hashicorpVault', settings, credential },
    }
  },
}

/** HCP Vault Secrets with a service principal; token and API on the same mock. */
export const hashicorpHcpRig: RigDefinition = {
  label: 'hashicorp HCP',
  packageName: PACKAGE,
  sdk: SDK,
  async start(): Promise<Rig> {
    const { hashicorpVault } = await import('@external-vault/hashicorp')
    const mock = await startRemoteMock('hashicorp-hcp')
    const settings = { hcpAuthUrl: mock.url, hcpApiUrl: mock.url }
    const credential = {
      id: CREDENTIAL_ID,
      provider: 'hashicorp',
      environment: 'cloud',
      clientId: mock.info.clientId,
      clientSecret: mock.info.clientSecret,
    }
    const { organization, project, app } = HCP_APP
    return {
      ...rigControls(mock),
      label: 'hashicorp HCP',
      credential,
      createProvider: () => hashicorpVault(settings),
      reference: (name, key) =>
        withKey(`hashicorp://${CREDENTIAL_ID}/${organization}/${project}/${app}/${plainName(name)}`, key),
      objectReference: (name, key) => ({
        provider: 'hashicorp',
        credential: CREDENTIAL_ID,
        organization,
        project,
        app,
        secret: plainName(name),
        ...(key === undefined ? {} : { key }),
      }),
      recipe: { packageName: PACKAGE, factory: 'hashicorpVault', settings, credential },
    }
  },
}
