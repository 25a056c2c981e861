import { cpus } from 'node:os'
import { modeFromArgs } from './mode.js'
import { failedSection, type SectionResult } from './report/section.js'
import { renderNotes, renderTable } from './report/table.js'
import { verdictOf } from './report/verdict.js'
import { startBenchRig } from './rigs/bench-rig.js'
import { startRigs } from './rigs/index.js'
import type { BenchContext, Section } from './sections/context.js'
import { footprint } from './sections/footprint.js'
import { memory } from './sections/memory.js'
import { render } from './sections/render.js'
import { stampede } from './sections/stampede.js'
import { startup } from './sections/startup.js'
import { warmGet } from './sections/warm-get.js'

const SECTIONS: ReadonlyArray<[string, Section]> = [
  ['1. warm get', warmGet],
  ['2. stampede', stampede],
  ['3. render', render],
  ['4. start-up', startup],
  ['5. footprint', footprint],
  ['6. memory', memory],
]

// The AWS SDK warns about Node 20 on every client; the bench's output is the table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const args = process.argv.slice(2)
const mode = modeFromArgs(args)
// `--only=1,5` runs some sections (while working on them); the targets of the others are then unchecked.
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
const started = await startRigs()
const context: BenchContext = {
  mode,
  rigs: [startBenchRig(), ...started.rigs],
  packages: started.packages,
  ...(started.aws === undefined ? {} : { aws: started.aws }),
}

console.log(
  `external-vault bench · ${mode.name} run · ${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
)
const results: SectionResult[] = []
if (started.missing.length > 0) {
  results.push({
    title: '0. providers',
    rows: started.missing.map(({ label }) => ({
      subject: label,
      figure: 'not measured',
      check: { target: 'built and measured', pass: false },
    })),
    notes: started.missing.map(({ label, reason }) => `${label} could not start: ${reason}`),
    // A provider that cannot be measured fails every run, smoke included: CI builds them all first.
    crashed: true,
  })
}
for (const [title, section] of SECTIONS) {
  if (only !== undefined && !only.some((number) => title.startsWith(`${number}.`))) continue
  const began = Date.now()
  process.stderr.write(`${title}…`)
  try {
    results.push(await section(context))
  } catch (error) {
    results.push(failedSection(title, error))
  }
  process.stderr.write(` ${((Date.now() - began) / 1000).toFixed(1)} s\n`)
}
await Promise.all(context.rigs.map((rig) => rig.close()))

console.log()
console.log(renderTable(results, mode.enforceTargets))
console.log()
console.log(renderNotes(results))
const verdict = verdictOf(results, mode.enforceTargets)
console.log()
if (verdict.crashed.length > 0) console.log(`CRASHED: ${verdict.crashed.join(', ')}`)
if (verdict.missed.length === 0) console.log(`All ${verdict.checked} targets held.`)
else {
  console.log(
    `${verdict.missed.length} of ${verdict.checked} targets missed${mode.enforceTargets ? '' : ' (smoke run: printed, not enforced)'}:`,
  )
  for (const line of verdict.missed) console.log(`  - ${line}`)
}
process.exitCode = verdict.exitCode
