import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse, type RequestHandler } from 'msw'

export interface ServedHandlers {
  /** `http://127.0.0.1:<port>`, to pass as a provider's `endpoint` or address. */
  url: string
  port: number
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function toFetchRequest(request: IncomingMessage, body: Buffer, origin: string): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const method = request.method ?? 'GET'
  return new Request(new URL(request.url ?? '/', origin), {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
  })
}

async function send(response: ServerResponse, fetchResponse: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  fetchResponse.headers.forEach((value, name) => {
    headers[name] = value
  })
  const cookies = fetchResponse.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  response.writeHead(fetchResponse.status, fetchResponse.statusText, headers)
  response.end(Buffer.from(await fetchResponse.arrayBuffer()))
}

/**
 * Serves msw request handlers on a real socket at 127.0.0.1, so an SDK pointed at an endpoint URL
 * talks to the same mock over TCP as tests do in-process. Only loopback is ever bound.
 * A request no handler answers gets 501 with a JSON body naming it.
 */
export async function serveHandlers(
  handlers: readonly RequestHandler[],
  options: { port?: number } = {},
): Promise<ServedHandlers> {
  const server = createServer((request, response) => {
    const origin = `http://${request.headers.host ?? '127.0.0.1'}`
    readBody(request)
      .then(async (body) => {
        const fetchRequest = toFetchRequest(request, body, origin)
        const answer = await getResponse([...handlers], fetchRequest)
        if (answer === undefined) {
          response.writeHead(501, { 'content-type': 'application/json' })
          response.end(JSON.stringify({ message: `No mock handler for ${request.method} ${request.url}` }))
          return
        }
        await send(response, answer)
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' })
        response.end(
          JSON.stringify({
            message: `Mock handler failed: ${error instanceof Error ? error.name : 'error'}`,
          }),
        )
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
