/** Number formatting shared by every section, so the table reads the same throughout. */

export function opsPerSecond(ops: number): string {
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)} M ops/s`
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)} k ops/s`
  return `${ops.toFixed(0)} ops/s`
}

export function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`
}

/** Three significant digits, so a ratio just under a target (0.794×) never prints as the target (0.80×). */
export function ratio(value: number): string {
  return `${value >= 100 ? value.toFixed(0) : value.toPrecision(3)}×`
}

/** Decimal units (1 MB = 1,000,000 bytes), as the footprint target is written. */
export function bytes(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} MB`
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} kB`
  return `${value} B`
}

export function count(value: number): string {
  return value.toLocaleString('en-US')
}
