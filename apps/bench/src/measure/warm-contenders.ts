import type { Contender } from './interleaved.js'

/** Throws when a timed loop got another value than the one seeded: a figure for wrong work is worthless. */
export function checkValue(actual: unknown, expected: string, who: string): void {
  if (actual !== expected)
    throw new Error(`${who} returned a different value than the secret seeded; the bench is broken.`)
}

/**
 * The floors: a Map lookup plus the expiry check every TTL cache makes, in a plain loop, and the
 * same inside an awaited async function (the least a promise-returning cache can cost).
 */
export function floorContenders(secret: string, value: string): [Contender, Contender] {
  const store = new Map([[secret, { value, expiresAt: Date.now() + 30 * 60_000 }]])
  const lookup = (key: string) => {
    const entry = store.get(key)
    return entry !== undefined && entry.expiresAt > Date.now() ? entry.value : undefined
  }
  const lookupAsync = async (key: string) => lookup(key)
  return [
    {
      name: 'floor',
      run(operations) {
        let got: unknown
        for (let i = 0; i < operations; i++) got = lookup(secret)
        checkValue(got, value, 'floor')
      },
    },
    {
      name: 'awaited floor',
      async run(operations) {
        let got: unknown
        for (let i = 0; i < operations; i++) got = await lookupAsync(secret)
        checkValue(got, value, 'awaited floor')
      },
    },
  ]
}

/** `operations` awaited calls of `get`; the last value is checked, so the optimiser cannot drop the work. */
export function awaitLoop(name: string, value: string, get: () => Promise<unknown>): Contender {
  return {
    name,
    async run(operations) {
      let got: unknown
      for (let i = 0; i < operations; i++) got = await get()
      checkValue(got, value, name)
    },
  }
}
