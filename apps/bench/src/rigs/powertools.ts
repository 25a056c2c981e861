import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

/** Where the AWS mock listens and the credential it accepts, for a client that is not ours. */
export interface AwsEndpoint {
  readonly endpoint: string
  readonly region: string
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** Powertools' cache lifetime in the bench: 30 minutes, the same as ours, so neither expires mid-run. */
export const POWERTOOLS_GET_OPTIONS = { maxAge: 30 * 60 } as const

export interface Powertools {
  readonly secrets: SecretsProvider
  /** Closes the SDK client's sockets. */
  close(): void
}

/** Powertools Parameters' SecretsProvider on its own SDK client, pointed at the AWS mock. */
export function createPowertools(aws: AwsEndpoint): Powertools {
  const client = new SecretsManagerClient({
    endpoint: aws.endpoint,
    region: aws.region,
    maxAttempts: 1,
    credentials: {
      accessKeyId: aws.accessKeyId,
      secretAccessKey: aws.secretAccessKey,
      ...(aws.sessionToken === undefined ? {} : { sessionToken: aws.sessionToken }),
    },
  })
  return { secrets: new SecretsProvider({ awsSdkV3Client: client }), close: () => client.destroy() }
}
