import { performance } from 'node:perf_hooks'

/** Something timed in batches: `run(n)` does n operations, awaited in sequence. */
export interface Contender {
  readonly name: string
  run(operations: number): Promise<void> | void
}

async function timeBatch(contender: Contender, operations: number): Promise<number> {
  const start = performance.now()
  await contender.run(operations)
  return performance.now() - start
}

/** Operations per batch so that one batch lasts about `batchMs`: long enough to time, short enough to interleave. */
async function calibrate(contender: Contender, batchMs: number): Promise<number> {
  let operations = 256
  for (;;) {
    const elapsed = await timeBatch(contender, operations)
    if (elapsed >= batchMs / 4 || operations >= 1 << 26) {
      return Math.max(1, Math.ceil((operations * batchMs) / Math.max(elapsed, 0.001)))
    }
    operations *= 4
  }
}

/**
 * Operations per second of each contender, one sample per round. Rounds interleave the contenders
 * (each round starting with the next one), so a noisy neighbour or a GC pause hits them all alike.
 */
export async function interleavedOpsPerSecond(
  contenders: readonly Contender[],
  options: { rounds: number; warmupRounds: number; batchMs: number },
): Promise<Map<string, number[]>> {
  const sizes = new Map<string, number>()
  for (const contender of contenders) sizes.set(contender.name, await calibrate(contender, options.batchMs))
  const samples = new Map<string, number[]>(contenders.map((contender) => [contender.name, []]))
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      const contender = contenders[(round + turn) % contenders.length] as Contender
      const operations = sizes.get(contender.name) as number
      const elapsed = await timeBatch(contender, operations)
      if (round >= options.warmupRounds) samples.get(contender.name)?.push((operations * 1000) / elapsed)
    }
  }
  return samples
}
