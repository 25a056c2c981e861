import type { SectionResult } from './section.js'

export interface Verdict {
  readonly checked: number
  readonly missed: readonly string[]
  readonly crashed: readonly string[]
  /** The process exit code: a crash always fails; a missed target only when targets are enforced. */
  readonly exitCode: number
}

export function verdictOf(sections: readonly SectionResult[], enforceTargets: boolean): Verdict {
  const checks = sections.flatMap((section) =>
    section.rows.flatMap((row) => (row.check ? [{ section: section.title, row, check: row.check }] : [])),
  )
  const missed = checks
    .filter(({ check }) => !check.pass)
    .map(({ section, row, check }) => `${section} · ${row.subject}: ${row.figure} (target ${check.target})`)
  const crashed = sections.filter((section) => section.crashed).map((section) => section.title)
  const failed = crashed.length > 0 || (enforceTargets && missed.length > 0)
  return { checked: checks.length, missed, crashed, exitCode: failed ? 1 : 0 }
}
