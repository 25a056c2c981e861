import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto'

/** A service account key JSON, field for field as IAM → Service accounts → Keys → Add key → JSON downloads it. */
export interface ServiceAccountKey {
  type: 'service_account'
  project_id: string
  private_key_id: string
  private_key: string
  client_email: string
  client_id: string
  auth_uri: string
  token_uri: string
  auth_provider_x509_cert_url: string
  client_x509_cert_url: string
  universe_domain: string
}

export interface ServiceAccountKeyOptions {
  /** Default `mock-project`. */
  projectId?: string
  /** Default `<account>@<project>.iam.gserviceaccount.com`. */
  clientEmail?: string
  /** The part before "@" when clientEmail is not given. Default `vault-reader`. */
  account?: string
}

/**
 * A fresh RSA-2048 key in Google's JSON format. It is known to no service: register it with a mock
 * (`mock.registerServiceAccountKey`) or use `mock.mintServiceAccountKey`, which does both.
 */
export function generateServiceAccountKey(options: ServiceAccountKeyOptions = {}): ServiceAccountKey {
  const projectId = options.projectId ?? 'mock-project'
  const clientEmail =
    options.clientEmail ?? `${options.account ?? 'vault-reader'}@${projectId}.iam.gserviceaccount.com`
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    type: 'service_account',
    project_id: projectId,
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: clientEmail,
    client_id: `1${Array.from(randomBytes(20), (byte) => byte % 10).join('')}`,
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: 'googleapis.com',
  }
}

/** What the mock keeps of a key: Google keeps the public half only. */
export interface PublicServiceAccountKey {
  privateKeyId: string
  clientEmail: string
  projectId: string
  publicKey: KeyObject
}

export function publicHalf(key: ServiceAccountKey): PublicServiceAccountKey {
  return {
    privateKeyId: key.private_key_id,
    clientEmail: key.client_email,
    projectId: key.project_id,
    publicKey: createPublicKey(createPrivateKey(key.private_key)),
  }
}
