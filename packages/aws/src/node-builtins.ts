import { createRequire } from 'node:module'

// Node built-ins needed only once a credential is parsed or a client made: required then, not imported
// with the package (node:crypto alone adds ~6 ms to start-up). `require` is synchronous, as parsing a
// credential is, and a built-in it returns is shared with any `import` of it.
const requireBuiltin = createRequire(import.meta.url)

export const nodeCrypto = (): typeof import('node:crypto') => requireBuiltin('node:crypto')
export const nodeFs = (): typeof import('node:fs') => requireBuiltin('node:fs')

/** A path under the user's home directory, as `~/…` means in the AWS CLI's docs and files. */
export function homePath(...segments: string[]): string {
  const { join } = requireBuiltin('node:path') as typeof import('node:path')
  const { homedir } = requireBuiltin('node:os') as typeof import('node:os')
  return join(homedir(), ...segments)
}
