import { VaultError } from '@external-vault/core'

/** The VaultError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function vaultFailure(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise
  } catch (error) {
    if (VaultError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected the call to fail with a VaultError, but it resolved')
}
