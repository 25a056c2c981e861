import { bare, type Probe, probeRun, timeProbes } from '../measure/import-timing.js'
import { loadedVaultSdks } from '../measure/loaded-modules.js'
import { resolveFrom } from '../measure/resolve-from.js'
import { ms, ratio } from '../report/format.js'
import type { Row, SectionResult } from '../report/section.js'
import type { BenchContext } from './context.js'
import { firstSecret, firstSecretPowertools } from './time-to-first-secret.js'

const TITLE = '4. start-up'
const BUDGET_MS = 30

export async function startup(context: BenchContext): Promise<SectionResult> {
  const { runs } = context.mode.startup
  const packaged = context.rigs.filter((rig) => rig.recipe !== undefined)
  const recipes = new Map(packaged.map((rig) => [rig.recipe?.packageName, rig.recipe]))
  const ours: Probe[] = [
    { name: '@external-vault/core', imports: ['@external-vault/core'] },
    ...context.packages.map((pkg) => ({
      name: pkg.packageName,
      imports: ['@external-vault/core', pkg.packageName],
      ...(recipes.has(pkg.packageName) ? { recipe: recipes.get(pkg.packageName) } : {}),
    })),
  ]
  // Each SDK resolved from its provider package, as the provider itself would import it.
  const sdks = await Promise.all(
    context.packages.map(async (pkg) => ({
      pkg,
      probe: {
        name: `${pkg.sdk} (eager)`,
        imports: [await resolveFrom(pkg.sdk, import.meta.resolve(`${pkg.packageName}/package.json`))],
      } satisfies Probe,
    })),
  )
  const timings = await timeProbes([...ours, ...sdks.map(({ probe }) => probe)], runs)
  const base = timings.get(bare.name)?.wallMs ?? 0
  const over = (name: string) => timings.get(name)?.overBareMs ?? Number.NaN
  const signed = (value: number) => (value < 0 ? `−${ms(-value)}` : `+${ms(value)}`)

  const rows: Row[] = [{ subject: 'bare node start', figure: ms(base), beside: 'process spawn to exit' }]
  for (const probe of ours) {
    // The recorder proves it can see an SDK before its silence about ours is believed.
    const loaded = await loadedVaultSdks(probeRun(probe))
    const sdk = sdks.find(({ pkg }) => pkg.packageName === probe.name)
    if (sdk !== undefined) {
      const seen = await loadedVaultSdks(probeRun(sdk.probe))
      if (!seen.includes(sdk.pkg.sdk)) throw new Error(`The module recorder missed ${sdk.pkg.sdk} loading.`)
    }
    // Judged on the import timed inside the process; the process-level difference is its cross-check
    // (it also holds exit and teardown, and swings by ±20 ms on a busy 2-core machine).
    const importMs = timings.get(probe.name)?.importMs ?? Number.NaN
    const sdkImportMs = sdk === undefined ? undefined : (timings.get(sdk.probe.name)?.importMs ?? Number.NaN)
    rows.push({
      subject: `import ${probe.name}`,
      figure: `${ms(importMs)} (process ${signed(over(probe.name))} over bare)`,
      beside:
        (sdk === undefined || sdkImportMs === undefined
          ? ''
          : `eager ${sdk.pkg.sdk} ${ms(sdkImportMs)} (process ${signed(over(sdk.probe.name))}) · `) +
        `SDK loaded${probe.recipe ? ' (import + createVault)' : ''}: ${loaded.length === 0 ? 'none' : loaded.join(', ')}`,
      ...(sdkImportMs === undefined ? {} : { ratio: `eager SDK = ${ratio(sdkImportMs / importMs)} ours` }),
      check: {
        target: `< ${BUDGET_MS} ms over bare, no SDK`,
        pass: importMs < BUDGET_MS && loaded.length === 0,
      },
    })
  }
  const powertools = context.aws === undefined ? undefined : await firstSecretPowertools(context.aws, runs)
  for (const rig of packaged) {
    const first = await firstSecret(rig, runs)
    rows.push({
      subject: `${rig.label} · time to first secret`,
      figure: ms(first),
      beside:
        rig === context.aws && powertools !== undefined
          ? `Powertools ${ms(powertools)} · since process start`
          : 'since process start',
      ...(rig === context.aws && powertools !== undefined ? { ratio: ratio(first / powertools) } : {}),
    })
  }
  return {
    title: TITLE,
    rows,
    notes: [
      `${TITLE}: each figure the median of ${runs} fresh \`node\` processes, all probes interleaved run by run. "import" = the import alone, timed inside the fresh process (what the 30 ms target is judged on); "process … over bare" = its cross-check, the median over runs of the process wall time (spawn to exit) minus that of the same probe script importing nothing in the same run. Eager SDK rows import the provider's vault SDK (or, for hashicorp, its HTTP client undici) as resolved from the provider package. "SDK loaded" comes from a separate run with a resolve hook and the require cache, after importing, calling the factory and createVault with a credential (no fetch); the same recorder is first shown to catch the SDK on its eager import. Time to first secret: from process start to the value in hand (import, createVault, one get from the mock on 127.0.0.1, no injected latency).`,
    ],
  }
}
