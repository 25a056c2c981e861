import { describe, expect, it } from 'vitest'
import { ObjectReferenceMemo } from './object-reference-memo.js'

describe('ObjectReferenceMemo', () => {
  it('finds an entry through a new object with the same fields and values', () => {
    const memo = new ObjectReferenceMemo<string>(10)
    memo.set({ provider: 'aws', credential: 'prod', secret: 'db' }, 'plan')
    expect(memo.get({ provider: 'aws', credential: 'prod', secret: 'db' })).toBe('plan')
  })

  it('tells apart other values, other fields, extra fields and value types', () => {
    const memo = new ObjectReferenceMemo<string>(10)
    memo.set({ provider: 'aws', credential: 'prod', secret: 'db', version: 2 }, 'plan')
    expect(memo.get({ provider: 'aws', credential: 'prod', secret: 'db', version: '2' })).toBeUndefined()
    expect(memo.get({ provider: 'aws', credential: 'prod', path: 'db', version: 2 })).toBeUndefined()
    expect(memo.get({ provider: 'aws', credential: 'prod', secret: 'db' })).toBeUndefined()
    expect(
      memo.get({ provider: 'aws', credential: 'prod', secret: 'db', version: 2, key: 'k' }),
    ).toBeUndefined()
  })

  it('does not memoise objects holding objects', () => {
    const memo = new ObjectReferenceMemo<string>(10)
    memo.set({ provider: 'aws', nested: { a: 1 } }, 'plan')
    expect(memo.get({ provider: 'aws', nested: { a: 1 } })).toBeUndefined()
  })

  it('starts over when full', () => {
    const memo = new ObjectReferenceMemo<number>(2)
    memo.set({ n: 1 }, 1)
    memo.set({ n: 2 }, 2)
    memo.set({ n: 3 }, 3)
    expect(memo.get({ n: 1 })).toBeUndefined()
    expect(memo.get({ n: 3 })).toBe(3)
  })
})
