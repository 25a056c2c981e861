export { googleError } from './google-error.js'
export {
  createSecretManagerMock,
  type MockCall,
  type MockFault,
  type MockOperation,
  type SecretAddress,
  type SecretInput,
  type SecretManagerMock,
  type VersionInput,
  type VersionState,
} from './secret-manager-mock.js'
export { type JwtCheck, verifySelfSignedJwt } from './self-signed-jwt.js'
export {
  generateServiceAccountKey,
  type PublicServiceAccountKey,
  publicHalf,
  type ServiceAccountKey,
  type ServiceAccountKeyOptions,
} from './service-account-keys.js'
