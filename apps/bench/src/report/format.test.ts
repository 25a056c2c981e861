import { describe, expect, it } from 'vitest'
import { bytes, ratio } from './format.js'

describe('ratio', () => {
  it('never rounds a ratio just under a target up to it', () => {
    expect(ratio(0.7944)).toBe('0.794×')
    expect(ratio(1.94)).toBe('1.94×')
    expect(ratio(12.88)).toBe('12.9×')
    expect(ratio(1000)).toBe('1000×')
  })
})

describe('bytes', () => {
  it('uses decimal units, as the 5 MB footprint target is written', () => {
    expect(bytes(35_250_000)).toBe('35.25 MB')
    expect(bytes(3_420_000)).toBe('3.42 MB')
    expect(bytes(1024)).toBe('1.0 kB')
  })
})
