import { childScript, runNode } from '../measure/node-child.js'
import { median } from '../measure/stats.js'
import type { AwsRig } from '../rigs/aws-rig.js'
import type { Rig } from '../rigs/rig.js'

const SECRET = 'bench/first-secret'
const VALUE = 'first-secret-value'

/** Median over fresh processes of a child's time from process start to the secret in hand (checked). */
async function medianFirstSecret(who: string, script: string, input: unknown, runs: number): Promise<number> {
  const times: number[] = []
  for (let run = 0; run < runs; run++) {
    const { result } = await runNode<{ sinceStartMs: number; ok: boolean }>({
      args: [childScript(script)],
      input,
    })
    if (!result.ok) throw new Error(`${who}: the first secret came back wrong.`)
    times.push(result.sinceStartMs)
  }
  return median(times)
}

/** From process start to the first secret in hand through ours: import, createVault, one get. */
export async function firstSecret(rig: Rig, runs: number): Promise<number> {
  await rig.seed(SECRET, VALUE)
  const input = { recipe: rig.recipe, reference: rig.reference(SECRET), expected: VALUE }
  return medianFirstSecret(rig.label, 'first-secret.js', input, runs)
}

/** The same through Powertools' SecretsProvider on the AWS mock. */
export async function firstSecretPowertools(aws: AwsRig, runs: number): Promise<number> {
  await aws.seed(SECRET, VALUE)
  const input = { aws: aws.endpoint, secretId: SECRET, expected: VALUE }
  return medianFirstSecret('Powertools', 'first-secret-powertools.js', input, runs)
}
