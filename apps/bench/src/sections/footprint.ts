import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { installedTree } from '../measure/installed-tree.js'
import { cleanEnv, runCommand } from '../measure/run-command.js'
import type { FootprintInstall } from '../mode.js'
import { bytes, count } from '../report/format.js'
import type { Row, SectionResult } from '../report/section.js'
import type { BenchContext } from './context.js'

const TITLE = '5. footprint'
const CORE_MAX_PACKAGES = 2
const CORE_MAX_BYTES = 5_000_000

/** Code of each provider, which no other provider's closure may hold. */
const PROVIDER_CODE: Record<Exclude<FootprintInstall, 'core'>, RegExp> = {
  aws: /^(@external-vault\/aws|@aws-sdk\/.*|@smithy\/.*)$/,
  gcp: /^(@external-vault\/gcp|@google-cloud\/.*|google-.*|gaxios|gcp-metadata|@grpc\/.*)$/,
  hashicorp: /^(@external-vault\/hashicorp|@hashicorp\/.*|node-vault)$/,
}

function packageName(install: FootprintInstall): string {
  return `@external-vault/${install}`
}

async function pack(name: string, destination: string): Promise<string> {
  const folder = dirname(fileURLToPath(import.meta.resolve(`${name}/package.json`)))
  const before = new Set(await readdir(destination))
  await runCommand('pnpm', ['pack', '--pack-destination', destination], { cwd: folder })
  const tarball = (await readdir(destination)).find((file) => !before.has(file) && file.endsWith('.tgz'))
  if (tarball === undefined) throw new Error(`pnpm pack of ${name} produced no tarball.`)
  return join(destination, tarball)
}

async function install(project: string, tarballs: readonly string[]): Promise<void> {
  await mkdir(project, { recursive: true })
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'footprint', private: true }))
  await runCommand(
    'npm',
    ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs],
    { cwd: project, env: cleanEnv() },
  )
}

export async function footprint(context: BenchContext): Promise<SectionResult> {
  const built = new Set(context.packages.map((pkg) => pkg.packageName))
  const installs = context.mode.footprint.installs.filter(
    (target) => target === 'core' || built.has(packageName(target)),
  )
  const workspace = await mkdtemp(join(tmpdir(), 'bench-footprint-'))
  const rows: Row[] = []
  try {
    const tarballs = join(workspace, 'tarballs')
    await mkdir(tarballs)
    const coreTarball = await pack(packageName('core'), tarballs)
    for (const target of installs) {
      const project = join(workspace, target)
      const extra = target === 'core' ? [] : [await pack(packageName(target), tarballs)]
      await install(project, [coreTarball, ...extra])
      const tree = await installedTree(project)
      const label = target === 'core' ? 'core alone' : `core + ${target}`
      const figure = `${count(tree.packages.length)} packages · ${bytes(tree.bytes)}`
      if (target === 'core') {
        rows.push({
          subject: label,
          figure,
          beside: tree.packages.join(', '),
          check: {
            target: `≤ ${CORE_MAX_PACKAGES} packages, < ${bytes(CORE_MAX_BYTES)}`,
            pass: tree.packages.length <= CORE_MAX_PACKAGES && tree.bytes < CORE_MAX_BYTES,
          },
        })
        continue
      }
      const foreign = tree.packages.filter((name) =>
        Object.entries(PROVIDER_CODE).some(([other, code]) => other !== target && code.test(name)),
      )
      rows.push({
        subject: label,
        figure,
        beside: `other providers' code: ${foreign.length === 0 ? 'none' : [...new Set(foreign)].join(', ')}`,
        check: { target: "no other provider's SDK", pass: foreign.length === 0 },
      })
    }
  } finally {
    await rm(workspace, { recursive: true, force: true })
  }
  const skipped = context.mode.footprint.installs.length < 4
  return {
    title: TITLE,
    rows,
    notes: [
      `${TITLE}: each package packed with \`pnpm pack\` (workspace ranges rewritten as on publish), the tarballs installed with \`npm install --omit=dev --ignore-scripts\` into an empty folder; packages = package folders under node_modules, size = bytes of every file there.` +
        (skipped
          ? ` Smoke mode installs only: ${installs.join(', ')} (the full run installs core alone, core+aws, core+gcp, core+hashicorp).`
          : ''),
    ],
  }
}
