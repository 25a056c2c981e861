import { describe, expect, it } from 'vitest'
import type { Rig } from '../rigs/rig.js'
import { secretValue, template, workload } from './render-workload.js'

const rig = { reference: (name: string, key?: string) => `test://bench/${name}#${key}` } as unknown as Rig

describe('render workload', () => {
  it('makes every reference distinct while touching only the unique secrets', () => {
    const work = workload(200, 20)
    expect(work.slots).toHaveLength(200)
    expect(new Set(work.slots.map(([secret, field]) => `${secret}/${field}`)).size).toBe(200)
    expect(new Set(work.slots.map(([secret]) => secret)).size).toBe(20)
    expect(work.fields).toBe(10)
  })

  it('seeds each secret with every field the template asks of it', () => {
    const work = workload(200, 20)
    for (const [secret, field] of work.slots) {
      const value = JSON.parse(secretValue(work.secrets[secret] as string, work.fields)) as Record<
        string,
        string
      >
      expect(value[field]).toBe(`${work.secrets[secret]}:${field.slice('field'.length)}`)
    }
  })

  it('expects, line for line, the value each tag resolves to', () => {
    const work = workload(4, 2)
    const { text, expected } = template(rig, work)
    expect(text.split('\n')).toEqual([
      'header-0: {{ test://bench/bench/render-00#field0 }}',
      'header-1: {{ test://bench/bench/render-01#field0 }}',
      'header-2: {{ test://bench/bench/render-00#field1 }}',
      'header-3: {{ test://bench/bench/render-01#field1 }}',
    ])
    expect(expected.split('\n')[2]).toBe('header-2: bench/render-00:1')
  })
})
