import { describe, expect, it } from 'vitest'
import { median, spread } from './stats.js'

describe('median', () => {
  it('takes the middle sample of an odd count, unsorted input', () => {
    expect(median([9, 1, 5])).toBe(5)
  })
  it('averages the two middle samples of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })
  it('refuses an empty list rather than inventing a figure', () => {
    expect(() => median([])).toThrow(RangeError)
  })
})

describe('spread', () => {
  it('is 0 for identical samples and grows with the interquartile range', () => {
    expect(spread([5, 5, 5, 5])).toBe(0)
    expect(spread([8, 9, 10, 11, 12])).toBeGreaterThan(spread([9.5, 9.8, 10, 10.2, 10.5]))
  })
})
