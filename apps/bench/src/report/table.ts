import type { Row, SectionResult } from './section.js'

const HEADERS = ['section', 'measure', 'ours / figure', 'beside', 'ratio', 'target', 'result'] as const

function resultCell(row: Row, enforced: boolean): string {
  if (row.check === undefined) return ''
  if (row.check.pass) return 'ok'
  return enforced ? 'MISSED' : 'missed (not enforced)'
}

function cells(section: SectionResult, row: Row, first: boolean, enforced: boolean): string[] {
  return [
    first ? section.title : '',
    row.subject,
    row.figure,
    row.beside ?? '',
    row.ratio ?? '',
    row.check?.target ?? '',
    resultCell(row, enforced),
  ]
}

/** Every section in one plain-text table, a rule between sections, columns sized to their content. */
export function renderTable(sections: readonly SectionResult[], enforced: boolean): string {
  const body = sections.map((section) =>
    section.rows.map((row, index) => cells(section, row, index === 0, enforced)),
  )
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...body.flat().map((line) => (line[column] ?? '').length)),
  )
  const line = (values: readonly string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column] ?? 0))
      .join(' │ ')
      .trimEnd()
  const rule = widths.map((width) => '─'.repeat(width)).join('─┼─')
  const out = [line(HEADERS), rule]
  for (const [index, rows] of body.entries()) {
    if (index > 0) out.push(rule)
    for (const values of rows) out.push(line(values))
  }
  return out.join('\n')
}

export function renderNotes(sections: readonly SectionResult[]): string {
  return sections.flatMap((section) => (section.notes ?? []).map((note) => `- ${note}`)).join('\n')
}
