export type {
  AppRoleAuth,
  CloudCredential,
  HashicorpCredential,
  OnPremisesCredential,
  TokenAuth,
} from './credential.js'
export {
  DEFAULT_HCP_API_URL,
  DEFAULT_HCP_AUTH_URL,
  type HashicorpProvider,
  type HashicorpVaultSettings,
  hashicorpVault,
} from './hashicorp-provider.js'
export type { CloudLocator, HashicorpLocator, KvEngine, ServerLocator } from './locator.js'
