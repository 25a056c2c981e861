import { describe, expect, it } from 'vitest'
import { kvData, kvWraps, plainName } from './seed-shapes.js'

describe('plainName', () => {
  it('keeps letters, digits, - and _, and replaces the rest', () => {
    expect(plainName('bench/render-07.x')).toBe('bench_render-07_x')
  })
})

describe('kvData', () => {
  it('stores a JSON object as the secret’s fields, so #field reads one', () => {
    expect(kvData('{"user":"a","password":"b"}')).toEqual({ user: 'a', password: 'b' })
    expect(kvWraps('{"user":"a"}')).toBe(false)
  })

  it('wraps anything else under "value", arrays and JSON scalars included', () => {
    for (const value of ['plain', '[1,2]', '42', 'null', '{broken']) {
      expect(kvData(value)).toEqual({ value })
      expect(kvWraps(value)).toBe(true)
    }
  })
})
