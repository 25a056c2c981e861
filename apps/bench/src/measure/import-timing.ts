import type { ProviderRecipe } from '../rigs/rig.js'
import { childScript, runNode } from './node-child.js'
import { median } from './stats.js'

/** What a fresh process imports (and, for the SDK check, which provider it then builds). */
export interface Probe {
  name: string
  imports: string[]
  recipe?: ProviderRecipe
}

interface ProbeResult {
  importMs: number
  sinceStartMs: number
}

export const bare: Probe = { name: 'bare node', imports: [] }

/** How the import probe runs `probe`: its script, and its input (credentials included) on stdin. */
export function probeRun(probe: Probe): { args: string[]; input: unknown } {
  return { args: [childScript('import-probe.js')], input: { imports: probe.imports, recipe: probe.recipe } }
}

export interface ProbeTiming {
  /** Median process wall time, spawn to exit. */
  wallMs: number
  /** Median over runs of (this probe's wall time − the bare probe's in the same run). */
  overBareMs: number
  /** Median in-process import time. */
  importMs: number
}

/**
 * Every probe once per run, runs interleaved, the bare probe first in each: its wall time is
 * subtracted run by run, so a slow spell on the machine cancels out instead of landing on one probe.
 */
export async function timeProbes(probes: readonly Probe[], runs: number): Promise<Map<string, ProbeTiming>> {
  const walls = new Map(probes.map((probe) => [probe.name, [] as number[]]))
  const imports = new Map(probes.map((probe) => [probe.name, [] as number[]]))
  for (let run = 0; run < runs; run++) {
    for (const probe of [bare, ...probes]) {
      const { wallMs, result } = await runNode<ProbeResult>(probeRun({ ...probe, recipe: undefined }))
      if (!walls.has(probe.name)) walls.set(probe.name, [])
      walls.get(probe.name)?.push(wallMs)
      imports.get(probe.name)?.push(result.importMs)
    }
  }
  const bareWalls = walls.get(bare.name) ?? []
  return new Map(
    [bare, ...probes].map((probe) => {
      const wall = walls.get(probe.name) ?? []
      return [
        probe.name,
        {
          wallMs: median(wall),
          overBareMs: median(wall.map((ms, run) => ms - (bareWalls[run] ?? ms))),
          importMs: median(imports.get(probe.name) ?? [0]),
        },
      ]
    }),
  )
}
