import { runNode } from './node-child.js'

/**
 * Where `specifier` resolves for an ESM import made from `parentUrl` (e.g. a provider package's own
 * dependency, which the bench does not depend on). Node 20 takes a parent only behind a flag, so a
 * short-lived child answers.
 */
export async function resolveFrom(specifier: string, parentUrl: string): Promise<string> {
  const code = `console.log(JSON.stringify(import.meta.resolve(${JSON.stringify(specifier)}, ${JSON.stringify(parentUrl)})))`
  const { result } = await runNode<string>({
    args: ['--experimental-import-meta-resolve', '--no-warnings', '--input-type=module', '-e', code],
  })
  return result
}
