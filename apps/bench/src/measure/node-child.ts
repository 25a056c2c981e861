import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { runCommand } from './run-command.js'

export interface ChildRun<T> {
  /** From spawn to exit, as seen by the parent. */
  wallMs: number
  /** The JSON object the child printed as its last line of output. */
  result: T
}

export interface ChildOptions {
  /** Arguments to `node`: flags, the script. Quoted in errors: nothing secret here. */
  args: readonly string[]
  /** Sent as JSON on the child's stdin (children read it with `readInput`). */
  input?: unknown
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** The child is killed after this long; the bench must never hang. Default 120 s. */
  timeoutMs?: number
}

/** Runs a fresh `node` process and parses the JSON line it prints last; a non-zero exit rejects with its stderr. */
export async function runNode<T>(options: ChildOptions): Promise<ChildRun<T>> {
  const start = performance.now()
  const stdout = await runCommand(process.execPath, options.args, {
    cwd: options.cwd ?? process.cwd(),
    ...(options.env === undefined ? {} : { env: options.env }),
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.input === undefined ? {} : { input: JSON.stringify(options.input) }),
  })
  const wallMs = performance.now() - start
  const last = stdout.trim().split('\n').at(-1) ?? ''
  try {
    return { wallMs, result: JSON.parse(last) as T }
  } catch {
    throw new Error(`node ${options.args.join(' ')} printed no JSON result: ${stdout}`)
  }
}

/** A script compiled beside this file's folder, e.g. `children/import-probe.js`. */
export function childScript(name: string): string {
  return fileURLToPath(new URL(`../children/${name}`, import.meta.url))
}
