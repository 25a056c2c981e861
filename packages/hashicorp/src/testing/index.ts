/**
 * In-memory mocks of the HashiCorp APIs this package talks to, as msw request handlers that match any
 * origin: use them with msw's setupServer (in-process) or serve them on a socket. `msw` is an optional
 * peer dependency, needed only here.
 */
export {
  createHcpVaultSecretsMock,
  HCP_MOCK_AUDIENCE,
  type HcpCallKind,
  type HcpMockCall,
  type HcpSecretLocation,
  type HcpServicePrincipalOptions,
  type HcpVaultSecretsMock,
} from './hcp-secrets-mock.js'
export type { MockFault } from './mock-faults.js'
export {
  createVaultServerMock,
  type VaultAppRoleOptions,
  type VaultCallKind,
  type VaultMockCall,
  type VaultServerMock,
  type VaultServerMockOptions,
  type VaultTokenOptions,
} from './vault-server-mock.js'
