import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Html } from './pages/html.js'
import { RequestError } from './request-error.js'

const MAX_BODY = 1024 * 1024

// No inline script or style runs: the page's data travels in data attributes and JSON script blocks.
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY)
      throw new RequestError(413, 'TOO_LARGE', `The request body is over ${MAX_BODY} bytes.`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The JSON body of an API call. Requiring the JSON content type makes a cross-site form post impossible
 * (a browser sends it only after a CORS preflight, which this server never grants).
 */
export async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'] ?? ''
  if (!/^application\/json\b/i.test(type)) {
    throw new RequestError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.')
  }
  const text = await readBody(request)
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new RequestError(400, 'INVALID_JSON', 'The body is not valid JSON.')
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...PAGE_HEADERS, 'content-type': 'application/json; charset=utf-8' })
  response.end(JSON.stringify(body))
}

export function sendHtml(response: ServerResponse, page: Html): void {
  response.writeHead(200, { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8' })
  response.end(page.text)
}

export function sendFile(response: ServerResponse, body: Buffer, type: string): void {
  response.writeHead(200, { ...PAGE_HEADERS, 'content-type': type })
  response.end(body)
}

/**
 * Only requests addressed to this server by its loopback name are answered: a page on another site that
 * rebinds its DNS name to 127.0.0.1 still sends its own Host header, and is refused.
 */
export function isOwnHost(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host ?? ''
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}
