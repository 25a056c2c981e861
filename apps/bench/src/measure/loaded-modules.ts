import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { childScript, runNode } from './node-child.js'

/** Paths of vault SDKs and the HTTP clients they bring; none may load before the first fetch. */
const VAULT_SDK = [
  /\/node_modules\/@aws-sdk\//,
  /\/node_modules\/@smithy\//,
  /\/node_modules\/@google-cloud\//,
  /\/node_modules\/google-auth-library\//,
  /\/node_modules\/google-gax\//,
  /\/node_modules\/gaxios\//,
  /\/node_modules\/undici\//,
]

/** `…/node_modules/@aws-sdk/client-secrets-manager/dist-es/index.js` → `@aws-sdk/client-secrets-manager`. */
function packageOf(path: string): string {
  const tail = path.slice(path.lastIndexOf('/node_modules/') + '/node_modules/'.length)
  const parts = tail.split('/')
  return (parts[0]?.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/')
}

/**
 * Runs a script in a fresh process with the module recorder and returns the vault-SDK packages it
 * loaded: ES modules through the resolve hook, CommonJS ones through the child's require cache.
 */
export async function loadedVaultSdks(run: { args: readonly string[]; input: unknown }): Promise<string[]> {
  const folder = await mkdtemp(join(tmpdir(), 'bench-modules-'))
  const log = join(folder, 'modules.log')
  try {
    const { result } = await runNode<{ commonjs: string[] }>({
      args: ['--import', childScript('record-modules.js'), ...run.args],
      input: run.input,
      env: { ...process.env, BENCH_MODULE_LOG: log },
    })
    const esm = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean)
    if (esm.length === 0) throw new Error('The module recorder saw no module; the check would prove nothing.')
    const loaded = [...esm.map((url) => decodeURIComponent(url)), ...result.commonjs]
    return [...new Set(loaded.filter((path) => VAULT_SDK.some((sdk) => sdk.test(path))).map(packageOf))]
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
