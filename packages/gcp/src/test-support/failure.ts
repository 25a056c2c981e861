import { VaultError } from '@external-vault/core'

/** The VaultError a call rejects with; fails the test if it resolves or throws anything else. */
export async function failure(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise
  } catch (error) {
    if (VaultError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected the call to fail with a VaultError, but it resolved')
}

/** The VaultError a synchronous call throws; fails the test if it returns or throws anything else. */
export function thrown(run: () => unknown): VaultError {
  try {
    run()
  } catch (error) {
    if (VaultError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected the call to throw a VaultError, but it returned')
}
