import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** A request exactly as the echo endpoint received it. */
export interface EchoRecord {
  id: string
  method: string
  /** Path and query. */
  url: string
  headers: [string, string][]
  body: string
  receivedAt: string
}

const KEPT = 50

/** The demo's echo endpoint's memory: the last requests it received, so a send can show what arrived. */
export class EchoLog {
  readonly #records = new Map<string, EchoRecord>()

  record(request: IncomingMessage, body: string): EchoRecord {
    const headers: [string, string][] = []
    for (let index = 0; index < request.rawHeaders.length; index += 2) {
      headers.push([request.rawHeaders[index] as string, request.rawHeaders[index + 1] as string])
    }
    const record: EchoRecord = {
      id: randomUUID(),
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers,
      body,
      receivedAt: new Date().toISOString(),
    }
    this.#records.set(record.id, record)
    for (const id of this.#records.keys()) {
      if (this.#records.size <= KEPT) break
      this.#records.delete(id)
    }
    return record
  }

  get(id: string): EchoRecord | undefined {
    return this.#records.get(id)
  }

  last(): EchoRecord | undefined {
    return [...this.#records.values()].at(-1)
  }

  get size(): number {
    return this.#records.size
  }
}
