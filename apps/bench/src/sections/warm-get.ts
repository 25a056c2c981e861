import type { WarmGetInput } from '../children/warm-get-probe.js'
import { childScript, runNode } from '../measure/node-child.js'
import { median, spread } from '../measure/stats.js'
import { opsPerSecond, ratio } from '../report/format.js'
import type { Row, SectionResult } from '../report/section.js'
import type { Rig } from '../rigs/rig.js'
import type { BenchContext } from './context.js'

const TITLE = '1. warm get'
const SECRET = 'bench/warm-get'
const VALUE = 'warm-get-value-0123456789abcdef0123456789abcdef0123456789abcdef'
const STRING_MIN = 0.8
const OBJECT_MIN = 1

type Samples = Record<string, number[]>

/** One provider's child process: ours, Powertools and the floors, interleaved. */
async function measure(context: BenchContext, rig: Rig): Promise<Samples> {
  await rig.seed(SECRET, VALUE)
  const input: WarmGetInput = {
    ...(rig.recipe === undefined ? {} : { recipe: rig.recipe }),
    secret: SECRET,
    value: VALUE,
    reference: rig.reference(SECRET),
    objectReference: rig.objectReference(SECRET),
    ...(context.aws === undefined ? {} : { powertools: context.aws.endpoint }),
    rounds: context.mode.warmGet,
  }
  const { result } = await runNode<{ samples: Samples }>({ args: [childScript('warm-get-probe.js')], input })
  return result.samples
}

const rate = (samples: Samples, name: string) => median(samples[name] ?? [0])
const noise = (samples: Samples, name: string) => `±${Math.round(spread(samples[name] ?? [0]) * 50)}%`

export async function warmGet(context: BenchContext): Promise<SectionResult> {
  if (context.aws !== undefined) await context.aws.seed(SECRET, VALUE)
  const measured: Array<{ rig: Rig; samples: Samples }> = []
  for (const rig of context.rigs) measured.push({ rig, samples: await measure(context, rig) })

  // The reference rows: each figure's median over the processes (each also stands beside its own rows).
  const across = (name: string) => median(measured.map(({ samples }) => rate(samples, name)))
  const floor = across('floor')
  const rows: Row[] = [
    {
      subject: 'Map.get + Date.now() floor',
      figure: opsPerSecond(floor),
      beside: 'median over the processes',
    },
    {
      subject: 'awaited async floor',
      figure: opsPerSecond(across('awaited floor')),
      ratio: `${ratio(across('awaited floor') / floor)} floor`,
    },
  ]
  if (context.aws !== undefined) {
    rows.push({
      subject: 'Powertools SecretsProvider.get (warm)',
      figure: opsPerSecond(across('powertools')),
      ratio: `${ratio(across('powertools') / floor)} floor`,
    })
  }
  for (const { rig, samples } of measured) {
    const powertools = context.aws === undefined ? undefined : rate(samples, 'powertools')
    for (const [kind, minimum] of [
      ['string', STRING_MIN],
      ['object', OBJECT_MIN],
    ] as const) {
      const ops = rate(samples, kind)
      const floorHere = rate(samples, 'floor')
      rows.push({
        subject: `${rig.label} · ${kind} reference`,
        figure: `${opsPerSecond(ops)} ${noise(samples, kind)}`,
        beside:
          powertools === undefined
            ? `floor ${opsPerSecond(floorHere)}`
            : `Powertools ${opsPerSecond(powertools)}`,
        ratio:
          powertools === undefined
            ? `${ratio(ops / floorHere)} floor`
            : `${ratio(ops / powertools)} PT · ${ratio(ops / floorHere)} floor`,
        check: {
          target: `≥ ${minimum.toFixed(2)}× Powertools`,
          pass: powertools !== undefined && ops >= minimum * powertools,
        },
      })
    }
  }
  return {
    title: TITLE,
    rows,
    notes: [
      `${TITLE}: one fresh process per provider, in which ours (string reference, and a new object reference each call), Powertools' warm get (maxAge 1800 s, the same 30 min TTL; its own SDK client pointed at the AWS mock) and the floors run ${context.mode.warmGet.rounds} interleaved rounds of ~${context.mode.warmGet.batchMs} ms batches, each round starting with the next contender; figures are the median round, "±" half the interquartile range over it, and each row's "Powertools" was measured in the same process. Every contender returns the same cached ${VALUE.length}-character secret (HashiCorp KV reads its field "value").`,
    ],
  }
}
