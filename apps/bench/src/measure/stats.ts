export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('median of no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** Relative spread of the samples: (p75 - p25) / median, to show how noisy a figure is. */
export function spread(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
  const mid = median(samples)
  return mid === 0 ? 0 : (at(0.75) - at(0.25)) / mid
}
