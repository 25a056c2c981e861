/** How much work each section does. The smoke run proves the bench works; only the full run judges targets. */
export interface Mode {
  readonly name: 'full' | 'smoke'
  /** A missed target fails the process only when enforced. */
  readonly enforceTargets: boolean
  readonly warmGet: { rounds: number; warmupRounds: number; batchMs: number }
  readonly stampede: { concurrency: number }
  readonly render: { references: number; uniqueSecrets: number; latencyMs: number; repeats: number }
  readonly startup: { runs: number }
  /** Which closures to pack and install with npm. */
  readonly footprint: { installs: readonly FootprintInstall[] }
  readonly memory: { secrets: number; secretBytes: number }
}

export type FootprintInstall = 'core' | 'aws' | 'gcp' | 'hashicorp'

const full: Mode = {
  name: 'full',
  enforceTargets: true,
  warmGet: { rounds: 21, warmupRounds: 4, batchMs: 10 },
  stampede: { concurrency: 1000 },
  render: { references: 200, uniqueSecrets: 20, latencyMs: 50, repeats: 5 },
  startup: { runs: 11 },
  footprint: { installs: ['core', 'aws', 'gcp', 'hashicorp'] },
  memory: { secrets: 10_000, secretBytes: 1024 },
}

const smoke: Mode = {
  name: 'smoke',
  enforceTargets: false,
  warmGet: { rounds: 5, warmupRounds: 2, batchMs: 3 },
  stampede: { concurrency: 100 },
  render: { references: 200, uniqueSecrets: 20, latencyMs: 50, repeats: 2 },
  startup: { runs: 3 },
  footprint: { installs: ['core'] },
  memory: { secrets: 1000, secretBytes: 1024 },
}

export function modeFromArgs(args: readonly string[]): Mode {
  return args.includes('--smoke') ? smoke : full
}
