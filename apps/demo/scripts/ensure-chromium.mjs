// Run before the demo's tests: the end-to-end test drives Debian's Chromium at /usr/bin/chromium
// (through playwright-core; Playwright's own browser download is never used). Installs it when we
// are root on a machine with apt-get; otherwise stops with how to install it.
import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'

const CHROMIUM = '/usr/bin/chromium'

function executable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
}

if (!executable(CHROMIUM)) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  if (!root || !hasAptGet()) {
    console.error(
      `The demo's end-to-end test needs Chromium at ${CHROMIUM}, and it is missing.\n` +
        'Install it, then run the tests again:\n' +
        '  sudo apt-get update && sudo apt-get install -y chromium     (Debian/Ubuntu)\n' +
        `(Only ${CHROMIUM} is used; "npx playwright install" is not needed.)`,
    )
    process.exit(1)
  }
  console.log(`Chromium is missing at ${CHROMIUM}: installing it with apt-get…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env })
    if (run.status !== 0) {
      console.error(`"apt-get ${args.join(' ')}" failed (exit ${run.status}). Install chromium by hand.`)
      process.exit(1)
    }
  }
  if (!executable(CHROMIUM)) {
    console.error(`apt-get finished but ${CHROMIUM} is still missing. Install chromium by hand.`)
    process.exit(1)
  }
}
