/** Module customisation hooks (they run on Node's loader thread): record each resolved URL to a file. */
import { appendFileSync } from 'node:fs'

type ResolveResult = { url: string }
type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>

let file: string | undefined

export function initialize(data: { file?: string }): void {
  file = data.file
}

export async function resolve(
  specifier: string,
  context: unknown,
  next: NextResolve,
): Promise<ResolveResult> {
  const result = await next(specifier, context)
  if (file !== undefined) appendFileSync(file, `${result.url}\n`)
  return result
}
