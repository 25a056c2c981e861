import { childScript, runNode } from '../measure/node-child.js'
import { bytes, count, ratio } from '../report/format.js'
import type { SectionResult } from '../report/section.js'
import type { BenchContext } from './context.js'

const TITLE = '6. memory'
const MAX_RATIO = 3

interface MemoryResult {
  growth: number
  held: number
  sampleLength: number
  calls: number
}

export async function memory(context: BenchContext): Promise<SectionResult> {
  const { secrets, secretBytes } = context.mode.memory
  const { result } = await runNode<MemoryResult>({
    args: ['--expose-gc', childScript('memory-probe.js')],
    input: { secrets, secretBytes },
  })
  if (result.held !== secrets || result.sampleLength !== secretBytes || result.calls !== secrets + 1) {
    throw new Error(`The memory probe did not cache what it should: ${JSON.stringify(result)}`)
  }
  const payload = secrets * secretBytes
  const multiple = result.growth / payload
  return {
    title: TITLE,
    rows: [
      {
        subject: `${count(secrets)} cached secrets of ${bytes(secretBytes)}`,
        figure: `${bytes(result.growth)} heap growth`,
        beside: `payload ${bytes(payload)} · ${bytes(result.growth / secrets)} per secret`,
        ratio: `${ratio(multiple)} payload`,
        check: { target: `< ${MAX_RATIO.toFixed(2)}× payload`, pass: multiple < MAX_RATIO },
      },
    ],
    notes: [
      `${TITLE}: a fresh \`node --expose-gc\` process; heapUsed + arrayBuffers after full GCs, before and after ${count(secrets)} gets of distinct secrets (${secretBytes}-byte one-byte strings made by the in-bench provider at fetch time, so only the vault holds them; cache max raised to ${count(secrets)}). Growth covers the values, cache entries, keys and the memoised reference plans.`,
    ],
  }
}
