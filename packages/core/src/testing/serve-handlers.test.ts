import { HttpResponse, http } from 'msw'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServedHandlers, serveHandlers } from './serve-handlers.js'

let served: ServedHandlers

beforeAll(async () => {
  served = await serveHandlers([
    http.post('*/echo', async ({ request }) =>
      HttpResponse.json(
        {
          body: await request.text(),
          auth: request.headers.get('authorization'),
          host: new URL(request.url).host,
        },
        { status: 201, headers: { 'x-mock': 'yes' } },
      ),
    ),
  ])
})

afterAll(async () => {
  await served.close()
})

describe('serveHandlers', () => {
  it('answers over a real 127.0.0.1 socket with the handler’s status, headers and body', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const response = await fetch(`${served.url}/echo`, {
      method: 'POST',
      body: 'hello',
      headers: { authorization: 'Bearer x' },
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('x-mock')).toBe('yes')
    expect(await response.json()).toEqual({
      body: 'hello',
      auth: 'Bearer x',
      host: `127.0.0.1:${served.port}`,
    })
  })

  it('answers 501 naming a request no handler matches', async () => {
    const response = await fetch(`${served.url}/nothing`)
    expect(response.status).toBe(501)
    expect(await response.json()).toEqual({ message: 'No mock handler for GET /nothing' })
  })
})
