import { performance } from 'node:perf_hooks'
import { createVault, type Vault } from '@external-vault/core'
import { median } from '../measure/stats.js'
import { count, ms, ratio } from '../report/format.js'
import type { Row, SectionResult } from '../report/section.js'
import type { AwsRig } from '../rigs/aws-rig.js'
import { createPowertools } from '../rigs/powertools.js'
import type { Rig } from '../rigs/rig.js'
import type { BenchContext } from './context.js'
import { secretValue, template, type Workload, workload } from './render-workload.js'

const TITLE = '3. render'
const WARMUP_SECRET = 'bench/render-warmup'

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now()
  const value = await work()
  return { value, ms: performance.now() - start }
}

/** One round trip: a cold get of one secret on a provider whose connection and auth are already warm. */
async function roundTrip(vault: Vault, rig: Rig, name: string, samples: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    vault.cache.clear()
    times.push((await timed(() => vault.get(rig.reference(name, 'field0')))).ms)
  }
  return median(times)
}

interface Measured {
  calls: number[]
  wall: number
  roundTrip: number
  /** Median CPU the bench process spent on one render: core, the provider and its SDK. */
  clientCpu: number
  /** Median CPU the mock process spent serving one render (its work is serial: one process, one thread). */
  mockCpu: number | undefined
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

async function measureOurs(rig: Rig, work: Workload, repeats: number): Promise<Measured> {
  const vault = createVault({ providers: [rig.createProvider()], credentials: [rig.credential] })
  try {
    // Connection set-up, token exchange and mount detection happen once, before anything is timed.
    await vault.get(rig.reference(WARMUP_SECRET))
    const rtt = await roundTrip(vault, rig, work.secrets[0] as string, Math.max(3, repeats))
    const { text, expected } = template(rig, work)
    const calls: number[] = []
    const walls: number[] = []
    const mockCpu: number[] = []
    const clientCpu: number[] = []
    for (let i = 0; i < repeats; i++) {
      vault.cache.clear()
      const before = await rig.upstreamCalls()
      const cpuBefore = await rig.mockCpuMs?.()
      const clientBefore = cpuMs()
      const run = await timed(() => vault.render(text))
      clientCpu.push(cpuMs() - clientBefore)
      const cpuAfter = await rig.mockCpuMs?.()
      calls.push((await rig.upstreamCalls()) - before)
      walls.push(run.ms)
      if (cpuBefore !== undefined && cpuAfter !== undefined) mockCpu.push(cpuAfter - cpuBefore)
      if (run.value !== expected) throw new Error(`${rig.label}: render returned the wrong text.`)
    }
    return {
      calls,
      wall: median(walls),
      roundTrip: rtt,
      clientCpu: median(clientCpu),
      mockCpu: mockCpu.length > 0 ? median(mockCpu) : undefined,
    }
  } finally {
    await vault.close()
  }
}

/** The same 200 lookups through Powertools: a Promise.all of gets with its JSON transform. */
async function measurePowertools(
  aws: AwsRig,
  work: Workload,
  repeats: number,
): Promise<{ calls: number; wall: number }> {
  const calls: number[] = []
  const walls: number[] = []
  for (let i = 0; i < repeats; i++) {
    // A new provider each time is Powertools' only way to start cold.
    const pt = createPowertools(aws.endpoint)
    try {
      await pt.secrets.get(WARMUP_SECRET, { forceFetch: true })
      const before = await aws.upstreamCalls()
      const run = await timed(() =>
        Promise.all(
          work.slots.map(async ([secret, field]) => {
            const json = (await pt.secrets.get(work.secrets[secret] as string, {
              transform: 'json',
              maxAge: 1800,
            })) as Record<string, string>
            return json[field]
          }),
        ),
      )
      calls.push((await aws.upstreamCalls()) - before)
      walls.push(run.ms)
    } finally {
      pt.close()
    }
  }
  return { calls: Math.max(...calls), wall: median(walls) }
}

export async function render(context: BenchContext): Promise<SectionResult> {
  const { references, uniqueSecrets, latencyMs, repeats } = context.mode.render
  const work = workload(references, uniqueSecrets)
  const rows: Row[] = []
  for (const rig of context.rigs) {
    await rig.seed(WARMUP_SECRET, secretValue(WARMUP_SECRET, 1))
    for (const name of work.secrets) await rig.seed(name, secretValue(name, work.fields))
    await rig.setLatency(latencyMs)
    try {
      const ours = await measureOurs(rig, work, repeats)
      const theirs = rig === context.aws ? await measurePowertools(context.aws, work, repeats) : undefined
      const worstCalls = Math.max(...ours.calls)
      const trips = ours.wall / ours.roundTrip
      rows.push({
        subject: `${rig.label} · ${references} refs, ${uniqueSecrets} secrets`,
        figure: `${count(worstCalls)} calls · ${ms(ours.wall)} = ${ratio(trips)} RTT`,
        beside:
          `1 RTT ${ms(ours.roundTrip)}` +
          ` · CPU ours ${ms(ours.clientCpu)}` +
          (ours.mockCpu === undefined ? '' : `, mock ${ms(ours.mockCpu)}`) +
          (theirs === undefined
            ? ''
            : ` · Powertools Promise.all ${count(theirs.calls)} calls, ${ms(theirs.wall)} = ${ratio(theirs.wall / ours.roundTrip)} RTT`),
        check: {
          target: `= ${uniqueSecrets} calls, < 2.00× RTT`,
          pass: ours.calls.every((calls) => calls === uniqueSecrets) && trips < 2,
        },
      })
    } finally {
      await rig.setLatency(0)
    }
  }
  return {
    title: TITLE,
    rows,
    notes: [
      `${TITLE}: vault.render of a template with ${references} distinct references (${uniqueSecrets} JSON secrets × ${work.fields} #fields) on mocks that answer every read after ${latencyMs} ms; cache cleared before each of ${repeats} renders (median wall time; calls: the most any render made). 1 RTT is the median cold get of one secret on the same warmed provider. Output checked against the expected text. "CPU ours" is the bench process's CPU time per render (core, provider, SDK); "mock" the mock vault process's: one JS thread serving all 20 reads, so that much of the wall time can be the mock's queueing, which a real vault spreads over its cores.`,
    ],
  }
}
