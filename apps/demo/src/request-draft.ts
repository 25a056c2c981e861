import { RequestError } from './request-error.js'

/** The request editor's content, as the browser posts it. Any of its texts may hold reference tags. */
export interface RequestDraft {
  method: string
  url: string
  /** One `Name: value` a line. */
  headers: string
  body: string
}

/** A piece of the request that may hold tags: the URL, one header's value, or the body. */
export interface DraftPart {
  /** For the UI: "URL", "header Authorization", "body". */
  label: string
  text: string
}

export interface ParsedDraft {
  method: string
  url: DraftPart
  headers: { name: string; value: DraftPart }[]
  body: DraftPart
}

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const
const MAX_TEXT = 256 * 1024
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
// Framing headers are the HTTP client's business; letting a user set them would only make sends fail oddly.
const FRAMING = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
])

function invalid(message: string): RequestError {
  return new RequestError(400, 'INVALID_REQUEST', message)
}

function field(body: Record<string, unknown>, name: keyof RequestDraft): string {
  const value = body[name] ?? ''
  if (typeof value !== 'string') throw invalid(`"${name}" must be text.`)
  if (value.length > MAX_TEXT) throw invalid(`"${name}" is longer than ${MAX_TEXT} characters.`)
  return value
}

export function parseDraft(input: unknown): ParsedDraft {
  if (typeof input !== 'object' || input === null) throw invalid('Send the request as a JSON object.')
  const body = input as Record<string, unknown>
  const method = field(body, 'method').toUpperCase()
  if (!(METHODS as readonly string[]).includes(method)) throw invalid(`Pick a method: ${METHODS.join(', ')}.`)
  const url = field(body, 'url').trim()
  if (url === '') throw invalid('Fill in the URL.')
  const text = field(body, 'body')
  if ((method === 'GET' || method === 'HEAD') && text.trim() !== '') {
    throw invalid(`A ${method} request carries no body: clear the body, or pick POST.`)
  }
  const headers: ParsedDraft['headers'] = []
  for (const [index, line] of field(body, 'headers').split(/\r?\n/).entries()) {
    if (line.trim() === '') continue
    const colon = line.indexOf(':')
    const name = colon < 0 ? '' : line.slice(0, colon).trim()
    if (!TOKEN.test(name)) throw invalid(`Header line ${index + 1} must read "Name: value".`)
    if (FRAMING.has(name.toLowerCase()))
      throw invalid(`The ${name} header is set by the HTTP client; remove it.`)
    headers.push({ name, value: { label: `header ${name}`, text: line.slice(colon + 1).trim() } })
  }
  return { method, url: { label: 'URL', text: url }, headers, body: { label: 'body', text } }
}

export function draftParts(draft: ParsedDraft): DraftPart[] {
  return [draft.url, ...draft.headers.map((header) => header.value), draft.body]
}
