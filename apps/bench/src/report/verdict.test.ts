import { describe, expect, it } from 'vitest'
import { failedSection, type SectionResult } from './section.js'
import { verdictOf } from './verdict.js'

const held: SectionResult = {
  title: 'held',
  rows: [
    { subject: 'a', figure: '1', check: { target: '= 1', pass: true } },
    { subject: 'info', figure: 'x' },
  ],
}
const missed: SectionResult = {
  title: 'missed',
  rows: [{ subject: 'b', figure: '2 calls', check: { target: '= 1 call', pass: false } }],
}

describe('verdictOf', () => {
  it('passes when every target holds, counting only rows with a target', () => {
    expect(verdictOf([held], true)).toEqual({ checked: 1, missed: [], crashed: [], exitCode: 0 })
  })

  it('fails a full run on a missed target and names it with its figure', () => {
    const verdict = verdictOf([held, missed], true)
    expect(verdict.exitCode).toBe(1)
    expect(verdict.missed).toEqual(['missed · b: 2 calls (target = 1 call)'])
  })

  it('reports but does not fail a smoke run on a missed target', () => {
    const verdict = verdictOf([held, missed], false)
    expect(verdict.missed).toHaveLength(1)
    expect(verdict.exitCode).toBe(0)
  })

  it('fails even a smoke run when a section crashed', () => {
    const verdict = verdictOf([held, failedSection('3. render', new Error('mock died'))], false)
    expect(verdict.crashed).toEqual(['3. render'])
    expect(verdict.exitCode).toBe(1)
  })
})
