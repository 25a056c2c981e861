import { spawn } from 'node:child_process'

/** Environment for npm: pnpm's `npm_*` variables describe the pnpm run and would steer npm wrongly. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)))
}

/**
 * Runs a command to completion and returns its stdout; a non-zero exit or the timeout rejects with its
 * output. `input` goes to its stdin: anything secret (a credential) travels there, never in the
 * arguments, which an error message quotes.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    child.stdin.end(options.input)
    let output = ''
    let errors = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      errors += chunk
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} failed (${code ?? signal}): ${errors.trim() || output.trim()}`,
          ),
        )
    })
  })
}
