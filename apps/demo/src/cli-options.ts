import { parseArgs } from 'node:util'

export interface CliOptions {
  /** true: the real vault services with the credentials the user enters; false: msw-mocked vaults. */
  live: boolean
  /** 0 picks any free port. */
  port: number
}

export const DEFAULT_PORT = 5178

export const USAGE = `Usage: pnpm demo [--live] [--port <n>]
  --live       use the real vault services with the credentials you enter (default: mocked vaults)
  --port <n>   port on 127.0.0.1 (default ${DEFAULT_PORT}, or $PORT; 0 picks a free one)
  --help       show this text`

function parsePort(text: string, from: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(port) || port > 65_535) {
    throw new Error(`${from} must be a port number from 0 to 65535; got "${text}".`)
  }
  return port
}

/** Reads the command line and PORT; throws an Error whose message says what to fix. */
export function parseCliOptions(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliOptions | 'help' {
  let values: { live?: boolean; port?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: [...args],
      options: {
        live: { type: 'boolean' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`)
  }
  if (values.help) return 'help'
  let port = DEFAULT_PORT
  if (values.port !== undefined) port = parsePort(values.port, '--port')
  else if (env.PORT !== undefined && env.PORT !== '') port = parsePort(env.PORT, 'PORT')
  return { live: values.live ?? false, port }
}
