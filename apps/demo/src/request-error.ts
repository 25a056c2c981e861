import { VaultError, type VaultErrorCode } from '@external-vault/core'

/** A failure the server answers with a status and a `{ error: { code, message } }` body. */
export class RequestError extends Error {
  override readonly name = 'RequestError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export interface ErrorBody {
  code: VaultErrorCode | string
  message: string
}

/** What the browser is shown of an error: a VaultError's code and message (which never hold a secret). */
export function errorBody(error: unknown): ErrorBody {
  if (VaultError.isInstance(error)) return { code: error.code, message: error.message }
  if (error instanceof RequestError) return { code: error.code, message: error.message }
  return { code: 'INTERNAL', message: 'The demo server failed unexpectedly; see its console.' }
}

export function statusOf(error: unknown): number {
  if (error instanceof RequestError) return error.status
  if (VaultError.isInstance(error)) return error.code === 'CREDENTIAL_NOT_FOUND' ? 404 : 400
  return 500
}
