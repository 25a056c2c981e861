/**
 * Runs in a fresh process, one per provider, so no provider's side effects (an AsyncLocalStorage
 * turning on promise hooks, say) slow another's figures: warm `get` of a string and an object
 * reference beside Powertools' warm get and the floors, interleaved round by round.
 * stdin: WarmGetInput. stdout: { samples: { [contender]: ops/s per round } }.
 */
import { createVault, type Vault } from '@external-vault/core'
import { BenchProvider } from '../bench-provider.js'
import type { Contender } from '../measure/interleaved.js'
import { interleavedOpsPerSecond } from '../measure/interleaved.js'
import { awaitLoop, checkValue, floorContenders } from '../measure/warm-contenders.js'
import type { AwsEndpoint } from '../rigs/powertools.js'
import type { ObjectRef, ProviderRecipe } from '../rigs/rig.js'
import { readInput } from './read-input.js'
import { vaultFromRecipe } from './vault-from-recipe.js'

export interface WarmGetInput {
  /** The provider to build; absent for the in-bench provider (core only). */
  recipe?: ProviderRecipe
  secret: string
  value: string
  reference: string
  objectReference: ObjectRef
  /** The AWS mock, for Powertools beside ours. */
  powertools?: AwsEndpoint
  rounds: { rounds: number; warmupRounds: number; batchMs: number }
}

const input = await readInput<WarmGetInput>()

async function vaultOf(): Promise<Vault> {
  if (input.recipe !== undefined) return vaultFromRecipe(input.recipe)
  const provider = new BenchProvider((name) => (name === input.secret ? input.value : undefined))
  return createVault({ providers: [provider], credentials: [{ id: 'bench', provider: 'bench' }] })
}

const vault = await vaultOf()
// The first gets fetch; every timed one is a cache hit.
checkValue(await vault.get(input.reference), input.value, 'string reference')
checkValue(await vault.get({ ...input.objectReference }), input.value, 'object reference')
const contenders: Contender[] = [
  ...floorContenders(input.secret, input.value),
  awaitLoop('string', input.value, () => vault.get(input.reference)),
  // A new object each call, as code that writes the reference inline passes it.
  awaitLoop('object', input.value, () => vault.get({ ...input.objectReference })),
]
let closePowertools = () => {}
if (input.powertools !== undefined) {
  const { createPowertools, POWERTOOLS_GET_OPTIONS } = await import('../rigs/powertools.js')
  const { secrets, close } = createPowertools(input.powertools)
  checkValue(await secrets.get(input.secret, POWERTOOLS_GET_OPTIONS), input.value, 'Powertools')
  contenders.push(
    awaitLoop('powertools', input.value, () => secrets.get(input.secret, POWERTOOLS_GET_OPTIONS)),
  )
  closePowertools = close
}
const samples = await interleavedOpsPerSecond(contenders, input.rounds)
closePowertools()
await vault.close()
process.stdout.write(`${JSON.stringify({ samples: Object.fromEntries(samples) })}\n`)
