import { createVault } from '@external-vault/core'
import { expect, it, vi } from 'vitest'

// Records which Node built-ins this package's modules import. Those it needs only later (reading a key
// file, checking a private key, hashing a credential) are required on first use instead, so that
// importing the package costs an application next to nothing; node:async_hooks is not used at all.
const { imported, recorded } = vi.hoisted(() => {
  const imported = new Set<string>()
  /** A mock factory that notes the import and hands back the real module. */
  const recorded = (name: string) => (importOriginal: () => Promise<unknown>) => {
    imported.add(name)
    return importOriginal()
  }
  return { imported, recorded }
})
vi.mock('node:crypto', recorded('node:crypto'))
vi.mock('node:fs', recorded('node:fs'))
vi.mock('node:fs/promises', recorded('node:fs/promises'))
vi.mock('node:os', recorded('node:os'))
vi.mock('node:path', recorded('node:path'))
vi.mock('node:util', recorded('node:util'))
vi.mock('node:async_hooks', recorded('node:async_hooks'))

it('imports no Node built-in it needs only later when the package is imported and a vault built', async () => {
  const { gcpSecretManager } = await import('./index.js')
  createVault({
    providers: [gcpSecretManager()],
    credentials: [{ id: 'adc', provider: 'gcp', type: 'application-default', projectId: 'acme-prod' }],
  })
  expect([...imported]).toEqual([])
})
