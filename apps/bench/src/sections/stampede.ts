import { createVault } from '@external-vault/core'
import { count } from '../report/format.js'
import type { Row, SectionResult } from '../report/section.js'
import type { AwsRig } from '../rigs/aws-rig.js'
import { createPowertools, POWERTOOLS_GET_OPTIONS } from '../rigs/powertools.js'
import type { Rig } from '../rigs/rig.js'
import type { BenchContext } from './context.js'

const TITLE = '2. stampede'
const SECRET = 'bench/stampede'
const VALUE = 'stampede-value-0123456789'

function allEqual(values: readonly unknown[], expected: string, who: string): void {
  if (values.some((value) => value !== expected)) throw new Error(`${who}: a get returned the wrong value.`)
}

/** Concurrent cold gets of one secret through a new vault and provider; the mock counts the reads. */
async function ours(rig: Rig, concurrency: number): Promise<number> {
  await rig.seed(SECRET, VALUE)
  const vault = createVault({ providers: [rig.createProvider()], credentials: [rig.credential] })
  const reference = rig.reference(SECRET)
  const before = await rig.upstreamCalls()
  try {
    const values = await Promise.all(Array.from({ length: concurrency }, () => vault.get(reference)))
    allEqual(values, VALUE, rig.label)
    return (await rig.upstreamCalls()) - before
  } finally {
    await vault.close()
  }
}

async function powertools(aws: AwsRig, concurrency: number): Promise<number> {
  await aws.seed(SECRET, VALUE)
  const pt = createPowertools(aws.endpoint)
  const before = await aws.upstreamCalls()
  try {
    const values = await Promise.all(
      Array.from({ length: concurrency }, () => pt.secrets.get(SECRET, POWERTOOLS_GET_OPTIONS)),
    )
    allEqual(values, VALUE, 'Powertools')
    return (await aws.upstreamCalls()) - before
  } finally {
    pt.close()
  }
}

export async function stampede(context: BenchContext): Promise<SectionResult> {
  const { concurrency } = context.mode.stampede
  const theirs = context.aws === undefined ? undefined : await powertools(context.aws, concurrency)
  const rows: Row[] = []
  for (const rig of context.rigs) {
    const calls = await ours(rig, concurrency)
    const isAws = rig === context.aws && theirs !== undefined
    rows.push({
      subject: `${rig.label} · ${count(concurrency)} concurrent cold gets`,
      figure: `${count(calls)} upstream call${calls === 1 ? '' : 's'}`,
      ...(isAws ? { beside: `Powertools ${count(theirs)} calls`, ratio: `1 : ${count(theirs)}` } : {}),
      check: { target: '= 1 upstream call', pass: calls === 1 },
    })
  }
  return {
    title: TITLE,
    rows,
    notes: [
      `${TITLE}: ${count(concurrency)} gets of one uncached secret started in the same tick, through a new vault and provider pointed at each mock on 127.0.0.1; the mock counts the secret reads it served (token, login and mount-detection calls not counted). Powertools' get has no in-flight de-duplication, so each of its gets is a read.`,
    ],
  }
}
