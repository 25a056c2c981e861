#!/usr/bin/env node
import { parseCliOptions, USAGE } from './cli-options.js'
import { startDemoServer } from './demo-server.js'

/** `pnpm demo` / `node dist/main.js [--live] [--port n]`: serves the demo on 127.0.0.1 and prints its URL. */
async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliOptions>
  try {
    options = parseCliOptions(process.argv.slice(2), process.env)
  } catch (error) {
    console.error((error as Error).message)
    process.exitCode = 2
    return
  }
  if (options === 'help') {
    console.log(USAGE)
    return
  }
  let demo: Awaited<ReturnType<typeof startDemoServer>>
  try {
    demo = await startDemoServer(options)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    console.error(
      code === 'EADDRINUSE'
        ? `Port ${options.port} is in use. Pick another with --port <n> (or --port 0 for any free port).`
        : `The demo could not start: ${(error as Error).message}`,
    )
    process.exitCode = 1
    return
  }
  const mode = demo.live
    ? 'live: the real vault services, with the credentials you enter'
    : 'mocked vaults: msw in this process, fake demo credentials under Preferences'
  console.log(`External Vault demo, ${mode}\n\n  ${demo.url}\n\nPress Ctrl+C to stop.`)
  const stop = () => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

await main()
