/**
 * How a bench secret is named and stored in each vault; shared by the mock process (which seeds)
 * and the rigs (which write references), and free of any mock import.
 */

/** Secret ids every vault accepts: letters, digits, `-` and `_` (GCP and HCP allow no `/`). */
export function plainName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_')
}

export const GCP_PROJECT = 'bench-project'
export const KV_MOUNT = 'secret'
export const HCP_APP = { organization: 'bench-org', project: 'bench-project', app: 'bench-app' } as const

function jsonObject(value: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(value)
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>
  } catch {}
  return undefined
}

/** A KV secret is an object: a JSON object is stored as its fields, anything else under the field `value`. */
export function kvData(value: string): Record<string, unknown> {
  return jsonObject(value) ?? { value }
}

/** Whether `kvData` wrapped the value, so a get without a key must read the field `value`. */
export function kvWraps(value: string): boolean {
  return jsonObject(value) === undefined
}
