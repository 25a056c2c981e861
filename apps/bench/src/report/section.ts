/** What every section hands back: rows for the one table, and the targets it checked. */

export interface Check {
  /** The target as the issue states it, e.g. "≥ 1.00× Powertools". */
  readonly target: string
  readonly pass: boolean
}

export interface Row {
  /** What is measured, e.g. "aws · object reference". */
  readonly subject: string
  /** Our figure (or the figure of the thing measured). */
  readonly figure: string
  /** The figures it stands beside, e.g. "Powertools 2.1 M ops/s · floor 40 M ops/s". */
  readonly beside?: string
  /** Ratios against what stands beside. */
  readonly ratio?: string
  readonly check?: Check
}

export interface SectionResult {
  readonly title: string
  readonly rows: readonly Row[]
  /** Lines printed under the table: how a figure was taken, what was left out and why. */
  readonly notes?: readonly string[]
  /** The section threw: the bench fails even in smoke mode. */
  readonly crashed?: boolean
}

/** A section that could not run at all still shows up, as a failed row, so a crash is never silent. */
export function failedSection(title: string, error: unknown): SectionResult {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
  return {
    title,
    rows: [
      {
        subject: 'section crashed',
        figure: (message.split('\n')[0] ?? 'error').slice(0, 100),
        check: { target: 'runs to completion', pass: false },
      },
    ],
    notes: [`${title}: ${message}`],
    crashed: true,
  }
}
