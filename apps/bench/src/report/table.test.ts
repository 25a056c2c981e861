import { describe, expect, it } from 'vitest'
import type { SectionResult } from './section.js'
import { renderNotes, renderTable } from './table.js'

const sections: SectionResult[] = [
  {
    title: '1. warm get',
    rows: [
      { subject: 'floor', figure: '10.00 M ops/s' },
      {
        subject: 'aws · string reference',
        figure: '2.00 M ops/s',
        beside: 'Powertools 1.50 M ops/s',
        ratio: '1.33× PT',
        check: { target: '≥ 0.80× Powertools', pass: true },
      },
    ],
    notes: ['how warm get is measured'],
  },
  {
    title: '2. stampede',
    rows: [
      { subject: 'aws', figure: '2 upstream calls', check: { target: '= 1 upstream call', pass: false } },
    ],
  },
]

describe('renderTable', () => {
  it('prints one header, every row, the section title once, and a rule between sections', () => {
    const lines = renderTable(sections, true).split('\n')
    expect(lines[0]).toMatch(/^section\s+│ measure/)
    expect(lines.filter((line) => line.includes('1. warm get'))).toHaveLength(1)
    expect(lines.filter((line) => /^─+┼/.test(line))).toHaveLength(2)
    expect(lines).toHaveLength(2 + 2 + 1 + 1)
  })

  it('aligns columns: every separator of a row sits where the header has it', () => {
    const lines = renderTable(sections, true).split('\n')
    const header = lines[0] as string
    const at = (line: string) => [...line.matchAll(/│/g)].map((match) => match.index)
    for (const line of lines.filter((text) => text.includes('│'))) {
      expect(at(line)).toEqual(at(header).slice(0, at(line).length))
    }
  })

  it('marks results: ok, MISSED when enforced, "not enforced" in a smoke run', () => {
    expect(renderTable(sections, true)).toMatch(/= 1 upstream call\s+│ MISSED/)
    expect(renderTable(sections, false)).toContain('missed (not enforced)')
    expect(renderTable(sections, true)).toMatch(/≥ 0.80× Powertools\s+│ ok/)
  })
})

describe('renderNotes', () => {
  it('lists every note as a bullet', () => {
    expect(renderNotes(sections)).toBe('- how warm get is measured')
  })
})
