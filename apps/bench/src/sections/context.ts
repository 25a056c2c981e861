import type { Mode } from '../mode.js'
import type { SectionResult } from '../report/section.js'
import type { AwsRig } from '../rigs/aws-rig.js'
import type { ProviderPackage, Rig } from '../rigs/rig.js'

/** What every section gets: the run's counts, the provider rigs that started, and the AWS mock for Powertools. */
export interface BenchContext {
  readonly mode: Mode
  readonly rigs: readonly Rig[]
  /** The provider packages that built and started (each once, though hashicorp has two rigs). */
  readonly packages: readonly ProviderPackage[]
  /** The AWS rig (also in `rigs`), whose mock Powertools reads too; absent while the aws package is not built. */
  readonly aws?: AwsRig
}

export type Section = (context: BenchContext) => Promise<SectionResult>
