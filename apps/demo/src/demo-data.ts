/**
 * What the mocked vaults hold and the fake credentials they accept. Every value here is made up for
 * the demo and opens nothing anywhere; the mocks exist only inside the demo's server process.
 */

export const DEMO_REGION = 'eu-west-1'
export const DEMO_GCP_PROJECT = 'demo-project'
/** Where the mocked Vault server "is": a name the msw handlers answer for; nothing resolves it. */
export const DEMO_VAULT_ADDRESS = 'https://vault.demo.internal:8200'
export const DEMO_HCP = { organization: 'demo-org', project: 'demo-project', app: 'demo-app' }

export const DEMO_AWS_KEYS = {
  accessKeyId: 'ASIADEMO4EXTERNALVLT',
  secretAccessKey: 'demoSecretAccessKey/7pQ2xLm9Vr4tYw8Zk3NbHc6Jd1',
  sessionToken: 'demoSessionToken//FwoGZXIvYXdzEDemoOnlyNotReal5Tq8Wn2Lp',
}
export const DEMO_AWS_PROFILE = 'external-vault-demo'
export const DEMO_VAULT_TOKEN = 'hvs.demoTokenOnly9Xq4Lm2Rt7Vw1Ks8'
export const DEMO_APPROLE = {
  roleId: 'demo-role-id-5f0c2a7e-19b4',
  secretId: 'demo-secret-id-8d3e61b0-47aa',
}
export const DEMO_HCP_PRINCIPAL = {
  clientId: 'demoClientId0ExternalVault',
  clientSecret: 'demoClientSecret-3Hs9Qw7Ze2Rk5Yp1Lv8Nb4',
}

export const AWS_SECRETS = {
  apiKey: {
    name: 'demo/api-key',
    current: 'sk_demo_aws_plain_7f3c91d2',
    previous: 'sk_demo_aws_plain_old_2b8e44a1',
  },
  database: {
    name: 'demo/db-credentials',
    current: { username: 'demo_app', password: 'aws-db-pass-6d2f19c4', host: 'db.demo.internal' },
    previous: { username: 'demo_app', password: 'aws-db-pass-old-91ab07e3', host: 'db.demo.internal' },
  },
}

export const GCP_SECRETS = {
  stripe: { name: 'stripe-api-key', versions: ['gcp-stripe-v1-5e1a77b0', 'gcp-stripe-v2-c4d8e2f6'] },
  service: {
    name: 'service-config',
    versions: [JSON.stringify({ clientId: 'svc-demo', clientSecret: 'gcp-svc-secret-0b9f3a5c' })],
  },
}

export const VAULT_SECRETS = {
  kv2: {
    mount: 'secret',
    path: 'app/config',
    versions: [
      { api_token: 'vault-kv2-token-old-11aa73c2', db_password: 'vault-kv2-dbpass-old-0c4d' },
      { api_token: 'vault-kv2-token-8c1d5e93', db_password: 'vault-kv2-dbpass-3a7f90b6' },
    ],
  },
  kv1: { mount: 'kv', path: 'legacy/service', data: { password: 'vault-kv1-pass-4e6b2d18' } },
}

export const HCP_SECRETS = {
  stripe: { name: 'STRIPE_KEY', versions: ['hcp-stripe-v1-9d3c1f42', 'hcp-stripe-v2-7a2e5b68'] },
}

/** The ids the demo credentials get ("add all demo credentials", Fill demo values). */
export const DEMO_IDS = {
  awsTemporary: 'aws-demo',
  awsProfile: 'aws-profile',
  awsDefault: 'aws-default',
  gcpKey: 'gcp-demo',
  gcpDefault: 'gcp-adc',
  vaultToken: 'vault-demo',
  vaultAppRole: 'vault-approle',
  hcp: 'hcp-demo',
} as const

/** The demo credentials that work against the mocks; the default chain and ADC depend on the machine. */
export const WORKING_DEMO_IDS: readonly string[] = [
  DEMO_IDS.awsTemporary,
  DEMO_IDS.awsProfile,
  DEMO_IDS.gcpKey,
  DEMO_IDS.vaultToken,
  DEMO_IDS.vaultAppRole,
  DEMO_IDS.hcp,
]

/** An Insert secret form filled in, and the value the tag it makes resolves to. */
export interface Sample {
  provider: 'aws' | 'gcp' | 'hashicorp'
  credential: string
  form: Record<string, string>
  value: string
}

export const SAMPLES = {
  awsPlain: {
    provider: 'aws',
    credential: DEMO_IDS.awsTemporary,
    form: {
      secret: AWS_SECRETS.apiKey.name,
      versionKind: 'stage',
      version: 'AWSCURRENT',
      secretType: 'plaintext',
    },
    value: AWS_SECRETS.apiKey.current,
  },
  awsPrevious: {
    provider: 'aws',
    credential: DEMO_IDS.awsTemporary,
    form: {
      secret: AWS_SECRETS.apiKey.name,
      versionKind: 'stage',
      version: 'AWSPREVIOUS',
      secretType: 'plaintext',
    },
    value: AWS_SECRETS.apiKey.previous,
  },
  awsJson: {
    provider: 'aws',
    credential: DEMO_IDS.awsTemporary,
    form: {
      secret: AWS_SECRETS.database.name,
      versionKind: 'stage',
      version: 'AWSCURRENT',
      secretType: 'kv',
      key: 'password',
    },
    value: AWS_SECRETS.database.current.password,
  },
  gcpLatest: {
    provider: 'gcp',
    credential: DEMO_IDS.gcpKey,
    form: { secret: GCP_SECRETS.stripe.name, version: 'latest' },
    value: GCP_SECRETS.stripe.versions[1] as string,
  },
  gcpFirst: {
    provider: 'gcp',
    credential: DEMO_IDS.gcpKey,
    form: { secret: GCP_SECRETS.stripe.name, version: '1' },
    value: GCP_SECRETS.stripe.versions[0] as string,
  },
  kv2: {
    provider: 'hashicorp',
    credential: DEMO_IDS.vaultToken,
    form: {
      engine: 'kv2',
      mount: VAULT_SECRETS.kv2.mount,
      path: VAULT_SECRETS.kv2.path,
      key: 'api_token',
      version: '',
    },
    value: VAULT_SECRETS.kv2.versions[1]?.api_token as string,
  },
  kv1: {
    provider: 'hashicorp',
    credential: DEMO_IDS.vaultAppRole,
    form: {
      engine: 'kv1',
      mount: VAULT_SECRETS.kv1.mount,
      path: VAULT_SECRETS.kv1.path,
      key: 'password',
      version: '',
    },
    value: VAULT_SECRETS.kv1.data.password,
  },
  hcp: {
    provider: 'hashicorp',
    credential: DEMO_IDS.hcp,
    form: { ...DEMO_HCP, secret: HCP_SECRETS.stripe.name, version: '' },
    value: HCP_SECRETS.stripe.versions[1] as string,
  },
} satisfies Record<string, Sample>

/** Every secret value the mocks hold, whole and field by field: none may reach a page before Reveal. */
export function demoSecretValues(): string[] {
  const json = (value: object) => [JSON.stringify(value), ...Object.values(value).map(String)]
  return [
    AWS_SECRETS.apiKey.current,
    AWS_SECRETS.apiKey.previous,
    ...json(AWS_SECRETS.database.current),
    ...json(AWS_SECRETS.database.previous),
    ...GCP_SECRETS.stripe.versions,
    ...GCP_SECRETS.service.versions,
    ...VAULT_SECRETS.kv2.versions.flatMap(json),
    ...json(VAULT_SECRETS.kv1.data),
    ...HCP_SECRETS.stripe.versions,
  ].filter((value) => value.length >= 12)
}
