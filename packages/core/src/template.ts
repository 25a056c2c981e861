import { MAX_REFERENCE_LENGTH } from './reference.js'

/**
 * Finds secret references in text: `{{ <provider>://… }}` and Insomnia's
 * `{% vault '<provider>', '<credential id>', '<config JSON or base64 JSON>' %}`.
 * `\{{` and `\{%` are escapes: the backslash goes and the braces stay as text.
 * A `{{ name }}` without a scheme is another tool's variable and is left alone.
 */

export interface UriTag {
  kind: 'uri'
  /** Offsets of the whole tag, braces included, in the original text. */
  start: number
  end: number
  source: string
  reference: string
}

export interface InsomniaTag {
  kind: 'insomnia'
  start: number
  end: number
  source: string
  provider: string
  credential: string
  /** The config argument as written: JSON, or base64 of JSON. */
  config: string
}

export type TemplateTag = UriTag | InsomniaTag

/** Text split into literal pieces (escapes already applied) and tags, in order. */
export type TemplatePart = string | TemplateTag

const URI_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//
const INSOMNIA_TAG = /^\{%\s*vault\s+([\s\S]*?)\s*%\}/
// One quoted argument: single or double quotes, backslash escapes inside.
const QUOTED_ARGUMENT = /^\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(,|$)/

function unquote(text: string): string {
  return text.replace(/\\(.)/g, '$1')
}

function parseArguments(list: string): string[] | undefined {
  const args: string[] = []
  let rest = list
  while (rest.trim() !== '') {
    const match = QUOTED_ARGUMENT.exec(rest)
    if (match === null) return undefined
    args.push(unquote(match[1] ?? match[2] ?? ''))
    rest = rest.slice(match[0].length)
  }
  return args
}

// How far a tag may reach: bounds the work per "{{" so hostile text cannot make scanning quadratic.
const MAX_TAG_LENGTH = MAX_REFERENCE_LENGTH + 256
const INSOMNIA_OPENER = /^\{%\s*vault\s/

function tagAt(text: string, index: number): TemplateTag | undefined {
  const window = text.slice(index, index + MAX_TAG_LENGTH)
  if (window.startsWith('{{')) {
    if (!URI_SCHEME.test(window.slice(2, 64).trimStart())) return undefined
    const close = window.indexOf('}}', 2)
    if (close < 0) return undefined
    const reference = window.slice(2, close).trim()
    return {
      kind: 'uri',
      start: index,
      end: index + close + 2,
      source: window.slice(0, close + 2),
      reference,
    }
  }
  if (!INSOMNIA_OPENER.test(window)) return undefined
  const match = INSOMNIA_TAG.exec(window)
  if (match === null) return undefined
  const args = parseArguments(match[1] ?? '')
  if (args === undefined || args.length !== 3) return undefined
  const [provider, credential, config] = args as [string, string, string]
  return {
    kind: 'insomnia',
    start: index,
    end: index + match[0].length,
    source: match[0],
    provider,
    credential,
    config,
  }
}

export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = []
  let literal = ''
  let index = 0
  while (index < text.length) {
    const next = text.indexOf('{', index)
    if (next < 0) break
    const opener = text.slice(next, next + 2)
    if (opener !== '{{' && opener !== '{%') {
      literal += text.slice(index, next + 1)
      index = next + 1
      continue
    }
    if (next > 0 && text[next - 1] === '\\') {
      literal += `${text.slice(index, next - 1)}${opener}`
      index = next + 2
      continue
    }
    const tag = tagAt(text, next)
    if (tag === undefined) {
      literal += text.slice(index, next + 2)
      index = next + 2
      continue
    }
    literal += text.slice(index, next)
    if (literal !== '') parts.push(literal)
    literal = ''
    parts.push(tag)
    index = tag.end
  }
  literal += text.slice(index)
  if (literal !== '') parts.push(literal)
  return parts
}

/** Decodes an Insomnia config argument: JSON text, or base64 of it. */
export function decodeInsomniaConfig(config: string): Record<string, unknown> | undefined {
  const candidates = [config, Buffer.from(config, 'base64').toString('utf8')]
  for (const candidate of candidates) {
    try {
      const value: unknown = JSON.parse(candidate)
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return value as Record<string, unknown>
    } catch {
      // not this form; try the next
    }
  }
  return undefined
}
