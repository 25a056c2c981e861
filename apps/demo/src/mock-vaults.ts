import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSecretsManagerMock } from '@external-vault/aws/testing'
import { createSecretManagerMock } from '@external-vault/gcp/testing'
import { createHcpVaultSecretsMock, createVaultServerMock } from '@external-vault/hashicorp/testing'
import { http, passthrough } from 'msw'
import { setupServer } from 'msw/node'
import type { ProviderId } from './credential-kinds.js'
import type { CredentialForm } from './credential-service.js'
import {
  AWS_SECRETS,
  DEMO_APPROLE,
  DEMO_AWS_KEYS,
  DEMO_AWS_PROFILE,
  DEMO_GCP_PROJECT,
  DEMO_HCP,
  DEMO_HCP_PRINCIPAL,
  DEMO_IDS,
  DEMO_REGION,
  DEMO_VAULT_ADDRESS,
  DEMO_VAULT_TOKEN,
  GCP_SECRETS,
  HCP_SECRETS,
  SAMPLES,
  VAULT_SECRETS,
  WORKING_DEMO_IDS,
} from './demo-data.js'

/** A credential form filled with demo values: what Fill demo values puts in, and its suggested id and name. */
export interface DemoFormValues {
  id: string
  name: string
  values: Record<string, string>
}

export type DemoValues = Record<ProviderId, Record<string, DemoFormValues>>

export interface MockCallCounts {
  /** Secret reads that reached a mocked vault (logins and token requests are not counted). */
  total: number
  byVault: Record<
    'AWS Secrets Manager' | 'GCP Secret Manager' | 'HashiCorp Vault' | 'HCP Vault Secrets',
    number
  >
}

export interface MockVaults {
  /** For Fill demo values, by provider and kind. Fake values, shown only on request. */
  readonly demoValues: DemoValues
  /** One credential of every kind that works against the mocks ("add all demo credentials"). */
  readonly demoCredentials: CredentialForm[]
  /** What the request editor starts with. */
  readonly example: { headers: string; body: string }
  calls(): MockCallCounts
  close(): Promise<void>
}

export interface MockVaultOptions {
  /** The demo server's own origins: requests to them are never mocked. */
  ownOrigins: readonly string[]
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Starts msw in this process with the providers' own mocks (from their `./testing` exports), seeded
 * with the demo's secrets and accepting the demo's fake credentials. The providers talk to their usual
 * endpoints and msw answers in-process; any request the mocks do not claim goes out unchanged.
 */
export async function startMockVaults(options: MockVaultOptions): Promise<MockVaults> {
  const aws = createSecretsManagerMock({ regions: [DEMO_REGION], accessKeys: [{ ...DEMO_AWS_KEYS }] })
  const gcp = createSecretManagerMock()
  const vault = createVaultServerMock({ origin: DEMO_VAULT_ADDRESS })
  const hcp = createHcpVaultSecretsMock()

  // AWS Secrets Manager: a plaintext and a JSON secret, each with AWSPREVIOUS and AWSCURRENT (oldest first).
  aws.addSecret({
    name: AWS_SECRETS.apiKey.name,
    region: DEMO_REGION,
    versions: [AWS_SECRETS.apiKey.previous, AWS_SECRETS.apiKey.current],
  })
  aws.addSecret({
    name: AWS_SECRETS.database.name,
    region: DEMO_REGION,
    versions: [JSON.stringify(AWS_SECRETS.database.previous), JSON.stringify(AWS_SECRETS.database.current)],
  })

  // GCP Secret Manager: a secret with two versions (and an alias), and a JSON one.
  gcp.addProject(DEMO_GCP_PROJECT)
  gcp.addSecret({
    project: DEMO_GCP_PROJECT,
    secret: GCP_SECRETS.stripe.name,
    versions: GCP_SECRETS.stripe.versions,
    aliases: { prod: 2 },
  })
  gcp.addSecret({
    project: DEMO_GCP_PROJECT,
    secret: GCP_SECRETS.service.name,
    versions: GCP_SECRETS.service.versions,
  })
  // A fresh key each run: the mock verifies its signed tokens, as Google does.
  const gcpKey = gcp.mintServiceAccountKey({ projectId: DEMO_GCP_PROJECT, account: 'demo-reader' })

  // Vault server: KV v2 at secret/ (two versions), KV v1 at kv/, a token and an AppRole.
  vault.enableKv(VAULT_SECRETS.kv2.mount, { version: 2 })
  for (const data of VAULT_SECRETS.kv2.versions)
    vault.writeSecret(`${VAULT_SECRETS.kv2.mount}/${VAULT_SECRETS.kv2.path}`, data)
  vault.enableKv(VAULT_SECRETS.kv1.mount, { version: 1 })
  vault.writeSecret(`${VAULT_SECRETS.kv1.mount}/${VAULT_SECRETS.kv1.path}`, VAULT_SECRETS.kv1.data)
  vault.createToken({ id: DEMO_VAULT_TOKEN })
  vault.createAppRole({ ...DEMO_APPROLE })

  // HCP Vault Secrets: an app with a secret of two versions, and a service principal.
  hcp.addServicePrincipal({ ...DEMO_HCP_PRINCIPAL })
  for (const value of HCP_SECRETS.stripe.versions)
    hcp.setSecret({ ...DEMO_HCP, name: HCP_SECRETS.stripe.name }, value)

  // The profile kind reads shared files: the demo writes its fake keys to a temporary credentials file.
  const profileDir = mkdtempSync(join(tmpdir(), 'external-vault-demo-'))
  const credentialsFile = join(profileDir, 'credentials')
  writeFileSync(
    credentialsFile,
    `[${DEMO_AWS_PROFILE}]\naws_access_key_id = ${DEMO_AWS_KEYS.accessKeyId}\naws_secret_access_key = ${DEMO_AWS_KEYS.secretAccessKey}\naws_session_token = ${DEMO_AWS_KEYS.sessionToken}\n`,
    { mode: 0o600 },
  )

  const ownOrigin = new RegExp(`^(?:${options.ownOrigins.map(escapeRegExp).join('|')})(?:/|$)`)
  const server = setupServer(
    // The demo's own pages and echo endpoint are never mocked, whatever the vault mocks match.
    http.all(ownOrigin, () => passthrough()),
    ...aws.handlers,
    ...gcp.handlers,
    ...hcp.handlers,
    ...vault.handlers,
  )
  server.listen({ onUnhandledRequest: 'bypass' })

  const demoValues: DemoValues = {
    aws: {
      temporary: {
        id: DEMO_IDS.awsTemporary,
        name: 'AWS demo (temporary keys)',
        values: { ...DEMO_AWS_KEYS, region: DEMO_REGION },
      },
      profile: {
        id: DEMO_IDS.awsProfile,
        name: 'AWS demo (profile)',
        values: { profile: DEMO_AWS_PROFILE, region: DEMO_REGION, credentialsFile, configFile: '' },
      },
      default: { id: DEMO_IDS.awsDefault, name: 'AWS default chain', values: { region: DEMO_REGION } },
    },
    gcp: {
      'service-account-key': {
        id: DEMO_IDS.gcpKey,
        name: 'GCP demo (key file)',
        values: { serviceAccountKey: JSON.stringify(gcpKey, null, 2) },
      },
      'application-default': {
        id: DEMO_IDS.gcpDefault,
        name: 'GCP Application Default',
        values: { projectId: DEMO_GCP_PROJECT },
      },
    },
    hashicorp: {
      token: {
        id: DEMO_IDS.vaultToken,
        name: 'Vault demo (token)',
        values: { address: DEMO_VAULT_ADDRESS, namespace: '', token: DEMO_VAULT_TOKEN },
      },
      'app-role': {
        id: DEMO_IDS.vaultAppRole,
        name: 'Vault demo (AppRole)',
        values: { address: DEMO_VAULT_ADDRESS, namespace: '', ...DEMO_APPROLE, mount: '' },
      },
      cloud: { id: DEMO_IDS.hcp, name: 'HCP Vault Secrets demo', values: { ...DEMO_HCP_PRINCIPAL } },
    },
  }
  const demoCredentials = Object.entries(demoValues).flatMap(([provider, kinds]) =>
    Object.entries(kinds)
      .filter(([, demo]) => WORKING_DEMO_IDS.includes(demo.id))
      .map(([kind, demo]): CredentialForm => ({ ...demo, provider: provider as ProviderId, kind })),
  )

  const tag = (sample: { provider: string; credential: string }, path: string) =>
    `{{ ${sample.provider}://${sample.credential}/${path} }}`
  const example = {
    headers: `Content-Type: application/json\nAuthorization: Bearer ${tag(SAMPLES.kv2, `${VAULT_SECRETS.kv2.mount}/${VAULT_SECRETS.kv2.path}?engine=kv2#api_token`)}`,
    body: `{\n  "user": "demo_app",\n  "password": "${tag(SAMPLES.awsJson, `${AWS_SECRETS.database.name}#password`)}",\n  "stripeKey": "${tag(SAMPLES.gcpLatest, GCP_SECRETS.stripe.name)}"\n}`,
  }

  return {
    demoValues,
    demoCredentials,
    example,
    calls() {
      const byVault = {
        'AWS Secrets Manager': aws.readCount,
        'GCP Secret Manager': gcp.accessCount,
        'HashiCorp Vault': vault.calls.filter((call) => call.kind === 'kv-read').length,
        'HCP Vault Secrets': hcp.calls.filter((call) => call.kind === 'open').length,
      }
      return { total: Object.values(byVault).reduce((sum, count) => sum + count, 0), byVault }
    },
    async close() {
      server.close()
      rmSync(profileDir, { recursive: true, force: true })
    },
  }
}
