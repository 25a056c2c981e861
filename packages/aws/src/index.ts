export type {
  AwsCredential,
  AwsDefaultCredential,
  AwsProfileCredential,
  AwsTemporaryCredential,
} from './aws-credential.js'
export type { AwsLocator } from './aws-locator.js'
export {
  type AwsSecretsManagerProvider,
  type AwsSecretsManagerSettings,
  awsSecretsManager,
} from './aws-provider.js'
