import type { Rig } from '../rigs/rig.js'

/** The render section's template: distinct `#field` references spread over a few JSON secrets. */
export interface Workload {
  /** Secret names, each a JSON object with `fields` fields. */
  secrets: string[]
  fields: number
  /** [secret index, field] per reference, in template order. */
  slots: Array<[number, string]>
}

export function workload(references: number, uniqueSecrets: number): Workload {
  const fields = Math.ceil(references / uniqueSecrets)
  const secrets = Array.from(
    { length: uniqueSecrets },
    (_, i) => `bench/render-${String(i).padStart(2, '0')}`,
  )
  // Every reference is distinct (secret × field) and the secrets are spread through the template.
  const slots = Array.from({ length: references }, (_, i): [number, string] => [
    i % uniqueSecrets,
    `field${Math.floor(i / uniqueSecrets)}`,
  ])
  return { secrets, fields, slots }
}

export function secretValue(name: string, fields: number): string {
  return JSON.stringify(
    Object.fromEntries(Array.from({ length: fields }, (_, f) => [`field${f}`, `${name}:${f}`])),
  )
}

export function template(rig: Rig, work: Workload): { text: string; expected: string } {
  const lines = work.slots.map(([secret, field], i) => {
    const name = work.secrets[secret] as string
    return [`header-${i}: {{ ${rig.reference(name, field)} }}`, `header-${i}: ${name}:${field.slice(5)}`]
  })
  return { text: lines.map(([tag]) => tag).join('\n'), expected: lines.map(([, value]) => value).join('\n') }
}
