export type { MockAccessKey } from './request-auth.js'
export type { MockSecretInput, MockVersionInput, SeededSecret } from './secret-store.js'
export {
  type CreateAccessKeyOptions,
  createSecretsManagerMock,
  type MockCall,
  type MockFault,
  type SecretsManagerMock,
  type SecretsManagerMockOptions,
} from './secrets-manager-mock.js'
