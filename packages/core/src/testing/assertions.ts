import { inspect } from 'node:util'
import { VaultError } from '../vault-error.js'

/** The VaultError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function vaultFailure(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise
  } catch (error) {
    if (VaultError.isInstance(error)) return error
    throw new Error(`expected a VaultError, got ${inspect(error)}`)
  }
  throw new Error('expected the call to fail with a VaultError, but it resolved')
}

/** The VaultError a synchronous call throws; fails the test if it returns or throws anything else. */
export function vaultThrown(run: () => unknown): VaultError {
  try {
    run()
  } catch (error) {
    if (VaultError.isInstance(error)) return error
    throw new Error(`expected a VaultError, got ${inspect(error)}`)
  }
  throw new Error('expected the call to throw a VaultError, but it returned')
}

/**
 * Every form in which a value could be printed: `util.inspect` with hidden fields, `JSON.stringify`,
 * `String()`, and the message and stack of an error and each of its causes. Leak tests scan this for sentinels.
 */
export function printedForms(value: unknown): string {
  const forms = [inspect(value, { depth: 12, showHidden: true }), String(value)]
  try {
    forms.push(JSON.stringify(value) ?? '')
  } catch {
    // circular: inspect above has it all
  }
  let error: unknown = value
  for (let depth = 0; error instanceof Error && depth < 8; depth++) {
    forms.push(error.message, error.stack ?? '')
    error = error.cause
  }
  return forms.join('\n')
}
