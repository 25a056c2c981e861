import { type AwsRig, awsRig } from './aws-rig.js'
import { gcpRig } from './gcp-rig.js'
import { hashicorpHcpRig, hashicorpServerRig } from './hashicorp-rigs.js'
import type { ProviderPackage, Rig, RigDefinition } from './rig.js'

/** Every provider the bench measures; each `start` imports its package, so an unbuilt one fails alone. */
const DEFINITIONS: readonly RigDefinition[] = [awsRig, gcpRig, hashicorpServerRig, hashicorpHcpRig]

export interface StartedRigs {
  rigs: Rig[]
  packages: ProviderPackage[]
  aws?: AwsRig
  /** Providers that could not start, with why (usually: the package is not built). */
  missing: Array<{ label: string; reason: string }>
}

export async function startRigs(): Promise<StartedRigs> {
  const started: StartedRigs = { rigs: [], packages: [], missing: [] }
  for (const definition of DEFINITIONS) {
    try {
      const rig = await definition.start()
      started.rigs.push(rig)
      if (definition === awsRig) started.aws = rig as AwsRig
      if (!started.packages.some((pkg) => pkg.packageName === definition.packageName)) {
        started.packages.push({ packageName: definition.packageName, sdk: definition.sdk })
      }
    } catch (error) {
      started.missing.push({
        label: definition.label,
        reason: error instanceof Error ? error.message : String(error),
      })
    }
  }
  return started
}
