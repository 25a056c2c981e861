/**
 * The forms of Preferences → Cloud Credentials: for each provider, the kinds of credential it takes,
 * their fields, and how a filled form becomes the credential object the provider parses.
 * Secret fields are write-only: they go from the form to the vault and never come back out.
 */

export type ProviderId = 'aws' | 'gcp' | 'hashicorp'

export const PROVIDER_IDS: readonly ProviderId[] = ['aws', 'gcp', 'hashicorp']

export interface FieldSpec {
  name: string
  label: string
  /** Write-only: a password input, never rendered back; blank on edit keeps the stored value. */
  secret?: boolean
  required?: boolean
  /** A textarea (a key file's JSON); `upload` adds a file picker that reads the file into it. */
  multiline?: boolean
  upload?: boolean
  placeholder?: string
}

export type FormValues = Readonly<Record<string, string>>

export interface KindSpec {
  id: string
  label: string
  /** Shown under the kind selector. */
  help: string
  fields: readonly FieldSpec[]
  /** The provider-specific part of the credential object (without id, name, provider). */
  toInput(values: FormValues): Record<string, unknown>
}

export interface ProviderSpec {
  id: ProviderId
  label: string
  /** The vault service, as the Insert secret menu names it. */
  service: string
  kinds: readonly KindSpec[]
}

/** The fields that are filled, trimmed; blank optional fields are left out of the credential. */
function filled(values: FormValues, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of names) {
    const value = values[name]?.trim()
    if (value) out[name] = value
  }
  return out
}

const region: FieldSpec = { name: 'region', label: 'Region', placeholder: 'eu-west-1' }
const address: FieldSpec = {
  name: 'address',
  label: 'Server address',
  required: true,
  placeholder: 'https://vault.example.com:8200',
}
const namespace: FieldSpec = { name: 'namespace', label: 'Namespace', placeholder: 'admin (optional)' }

export const PROVIDERS: readonly ProviderSpec[] = [
  {
    id: 'aws',
    label: 'AWS',
    service: 'AWS Secrets Manager',
    kinds: [
      {
        id: 'temporary',
        label: 'Temporary security credentials',
        help: 'An access key pair, with the session token of temporary credentials.',
        fields: [
          { name: 'accessKeyId', label: 'Access key ID', required: true, placeholder: 'ASIA…' },
          { name: 'secretAccessKey', label: 'Secret access key', secret: true, required: true },
          { name: 'sessionToken', label: 'Session token', secret: true },
          { ...region, required: true },
        ],
        toInput: (values) => ({
          type: 'temporary',
          ...filled(values, ['accessKeyId', 'secretAccessKey', 'sessionToken', 'region']),
        }),
      },
      {
        id: 'profile',
        label: 'Profile',
        help: 'A profile of the shared config and credentials files on the machine running the demo (SSO too).',
        fields: [
          { name: 'profile', label: 'Profile name', required: true, placeholder: 'default' },
          region,
          { name: 'credentialsFile', label: 'Credentials file', placeholder: '~/.aws/credentials' },
          { name: 'configFile', label: 'Config file', placeholder: '~/.aws/config' },
        ],
        toInput: (values) => ({
          type: 'profile',
          ...filled(values, ['profile', 'region', 'credentialsFile', 'configFile']),
        }),
      },
      {
        id: 'default',
        label: 'Default credential chain',
        help: 'The AWS SDK’s default chain on the machine running the demo: environment, web identity, container, instance metadata.',
        fields: [region],
        toInput: (values) => ({ type: 'default', ...filled(values, ['region']) }),
      },
    ],
  },
  {
    id: 'gcp',
    label: 'GCP',
    service: 'GCP Secret Manager',
    kinds: [
      {
        id: 'service-account-key',
        label: 'Service account key',
        help: 'Upload the key file you downloaded from IAM, or paste its JSON.',
        fields: [
          {
            name: 'serviceAccountKey',
            label: 'Key file (JSON)',
            secret: true,
            required: true,
            multiline: true,
            upload: true,
            placeholder: '{ "type": "service_account", … }',
          },
        ],
        toInput: (values) => filled(values, ['serviceAccountKey']),
      },
      {
        id: 'application-default',
        label: 'Application Default Credentials',
        help: 'The credentials gcloud or the environment gives the machine running the demo.',
        fields: [{ name: 'projectId', label: 'Project ID', placeholder: 'my-project (optional)' }],
        toInput: (values) => ({ type: 'application-default', ...filled(values, ['projectId']) }),
      },
    ],
  },
  {
    id: 'hashicorp',
    label: 'HashiCorp',
    service: 'HashiCorp Vault',
    kinds: [
      {
        id: 'token',
        label: 'On-Premises · Token',
        help: 'A Vault server (self-hosted or HCP Vault Dedicated) and a token.',
        fields: [address, namespace, { name: 'token', label: 'Token', secret: true, required: true }],
        toInput: (values) => ({
          environment: 'on-premises',
          ...filled(values, ['address', 'namespace']),
          auth: { method: 'token', ...filled(values, ['token']) },
        }),
      },
      {
        id: 'app-role',
        label: 'On-Premises · AppRole',
        help: 'A Vault server and an AppRole; the demo logs in and renews the token itself.',
        fields: [
          address,
          namespace,
          { name: 'roleId', label: 'Role ID', secret: true, required: true },
          { name: 'secretId', label: 'Secret ID', secret: true, required: true },
          { name: 'mount', label: 'AppRole mount', placeholder: 'approle' },
        ],
        toInput: (values) => ({
          environment: 'on-premises',
          ...filled(values, ['address', 'namespace']),
          auth: { method: 'app-role', ...filled(values, ['roleId', 'secretId', 'mount']) },
        }),
      },
      {
        id: 'cloud',
        label: 'Cloud · HCP Vault Secrets',
        help: 'A service principal of HashiCorp Cloud Platform.',
        fields: [
          { name: 'clientId', label: 'Client ID', required: true },
          { name: 'clientSecret', label: 'Client secret', secret: true, required: true },
        ],
        toInput: (values) => ({ environment: 'cloud', ...filled(values, ['clientId', 'clientSecret']) }),
      },
    ],
  },
]

export function providerSpec(id: string): ProviderSpec | undefined {
  return PROVIDERS.find((provider) => provider.id === id)
}

export function kindSpec(provider: ProviderSpec, id: string): KindSpec | undefined {
  return provider.kinds.find((kind) => kind.id === id)
}

/** HashiCorp's kinds split into the two environments its references depend on. */
export function environmentOf(provider: ProviderId, kind: string): 'cloud' | 'on-premises' | undefined {
  if (provider !== 'hashicorp') return undefined
  return kind === 'cloud' ? 'cloud' : 'on-premises'
}
