import { performance } from 'node:perf_hooks'
import {
  type FoundReference,
  MASK,
  MIN_REDACTED_LENGTH,
  parseTemplate,
  type SecretReference,
  type Vault,
} from '@external-vault/core'
import type { EchoLog, EchoRecord } from './echo-log.js'
import { type DraftPart, draftParts, parseDraft } from './request-draft.js'
import { type ErrorBody, errorBody, RequestError } from './request-error.js'

/** One reference tag of the request (each distinct tag once, however often it appears). */
export interface ReferenceReport {
  source: string
  /** Where it appears: "URL", "header Authorization", "body". */
  where: string[]
  /** After a send: the cache answered, or a fetch reached the vault. */
  from?: 'cache' | 'vault'
  /** After a send: how long `vault.get` took, in ms. */
  ms?: number
  error?: ErrorBody
}

/** A request as the page shows it. */
export interface ShownRequest {
  method: string
  url: string
  headers: [string, string][]
  body: string
}

export interface PreviewResult {
  /** Secrets masked; a tag that cannot be resolved stays as written. */
  request: ShownRequest
  references: ReferenceReport[]
}

export interface SendResult {
  sent: boolean
  references: ReferenceReport[]
  /** What the echo endpoint received, secrets masked. The revealed form is fetched by `sendId`. */
  request?: ShownRequest
  sendId?: string
  status?: number
  /** A failure of the request itself rather than of one reference. */
  error?: ErrorBody
}

interface Tagged {
  found: FoundReference
  where: Set<string>
}

const SEND_TIMEOUT = 10_000

/** Every distinct tag in the request, in order of first appearance. */
function collectTags(vault: Vault, parts: readonly DraftPart[]): Map<string, Tagged> {
  const tags = new Map<string, Tagged>()
  for (const part of parts) {
    for (const found of vault.findReferences(part.text)) {
      const tagged = tags.get(found.source) ?? { found, where: new Set<string>() }
      tagged.where.add(part.label)
      tags.set(found.source, tagged)
    }
  }
  return tags
}

/** The part's text with each tag replaced as `replace` says; escapes (`\{{`) applied as core applies them. */
function substitute(text: string, replace: (source: string) => string): string {
  return parseTemplate(text)
    .map((piece) => (typeof piece === 'string' ? piece : replace(piece.source)))
    .join('')
}

function redactKnown(text: string, known: readonly string[]): string {
  let out = text
  for (const item of known) if (out.includes(item)) out = out.split(item).join(MASK)
  return out
}

function describe(tags: Map<string, Tagged>): ReferenceReport[] {
  return [...tags.values()].map(({ found, where }) => ({
    source: found.source,
    where: [...where],
    ...(found.error ? { error: errorBody(found.error) } : {}),
  }))
}

/**
 * Preview and Send of the request editor. Send resolves each reference on its own with `vault.get`, so each
 * failure is reported beside its tag, and measures whether the cache answered from `cache.stats()`.
 * Sends run one at a time so that the stats deltas belong to the reference being resolved.
 */
export class RequestRunner {
  #queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly vault: Vault,
    private readonly echo: EchoLog,
    /** The server's own origin: the only place a send may go. */
    private readonly origin: string,
  ) {}

  async preview(input: unknown): Promise<PreviewResult> {
    const draft = parseDraft(input)
    const tags = collectTags(this.vault, draftParts(draft))
    const mask = async (part: DraftPart): Promise<string> => {
      const broken = this.vault.findReferences(part.text).some((found) => found.error)
      if (!broken) return this.vault.render(part.text, { mask: true })
      // render() would reject the whole part: mask what resolves, leave the broken tags for the user to see.
      return substitute(part.text, (source) => (tags.get(source)?.found.error ? source : MASK))
    }
    return {
      request: {
        method: draft.method,
        url: await mask(draft.url),
        headers: await Promise.all(
          draft.headers.map(
            async (header): Promise<[string, string]> => [header.name, await mask(header.value)],
          ),
        ),
        body: await mask(draft.body),
      },
      references: describe(tags),
    }
  }

  send(input: unknown): Promise<SendResult> {
    const run = this.#queue.then(() => this.#send(input))
    this.#queue = run.catch(() => {})
    return run
  }

  async #send(input: unknown): Promise<SendResult> {
    const draft = parseDraft(input)
    // Check where the request goes before any secret is fetched for it.
    this.#target(substitute(draft.url.text, () => 'x'))
    const tags = collectTags(this.vault, draftParts(draft))
    const references = describe(tags)
    const values = new Map<string, string>()
    for (const report of references) {
      const { found } = tags.get(report.source) as Tagged
      if (found.reference === undefined) continue
      const resolved = await this.#resolve(found.reference)
      Object.assign(report, resolved.report)
      if (resolved.value !== undefined) values.set(report.source, resolved.value)
    }
    if (references.some((report) => report.error)) return { sent: false, references }

    const fill = (part: DraftPart) => substitute(part.text, (source) => values.get(source) as string)
    const url = this.#target(fill(draft.url))
    const headers = new Headers()
    try {
      for (const header of draft.headers) headers.append(header.name, fill(header.value))
    } catch {
      // The message would quote the value; say only what to look at.
      return this.#failed(references, 'A header value is not valid once its secret is in it (a line break?).')
    }
    let record: EchoRecord | undefined
    let status: number
    try {
      const response = await fetch(url, {
        method: draft.method,
        headers,
        ...(draft.method === 'GET' || draft.method === 'HEAD' ? {} : { body: fill(draft.body) }),
        redirect: 'manual',
        signal: AbortSignal.timeout(SEND_TIMEOUT),
      })
      status = response.status
      const id = response.headers.get('x-echo-id')
      record = id === null ? undefined : this.echo.get(id)
      // Read the (small) answer to the end: cancelling the stream stalls under msw's interception.
      await response.text()
    } catch (error) {
      const timeout = (error as Error).name === 'TimeoutError'
      return this.#failed(
        references,
        timeout
          ? `The echo endpoint did not answer within ${SEND_TIMEOUT} ms.`
          : 'The request could not be sent.',
      )
    }
    if (record === undefined) return this.#failed(references, 'The echo endpoint did not record the request.')
    return {
      sent: true,
      references,
      request: this.#masked(record, [...values.values()]),
      sendId: record.id,
      status,
    }
  }

  async #resolve(reference: SecretReference): Promise<{ report: Partial<ReferenceReport>; value?: string }> {
    const before = this.vault.cache.stats()
    const started = performance.now()
    try {
      const value = await this.vault.get(reference)
      const ms = Math.round((performance.now() - started) * 10) / 10
      const from = this.vault.cache.stats().hits > before.hits ? 'cache' : 'vault'
      return { report: { from, ms }, value }
    } catch (error) {
      return { report: { error: errorBody(error) } }
    }
  }

  /** The URL if it is the demo's echo endpoint; the message never quotes it (it may hold a secret). */
  #target(text: string): URL {
    let url: URL | undefined
    try {
      url = new URL(text, this.origin)
    } catch {
      url = undefined
    }
    const own = new URL(this.origin)
    const local = url !== undefined && (url.hostname === '127.0.0.1' || url.hostname === 'localhost')
    if (
      url === undefined ||
      !local ||
      url.port !== own.port ||
      url.protocol !== 'http:' ||
      !(url.pathname === '/echo' || url.pathname.startsWith('/echo/'))
    ) {
      throw new RequestError(
        400,
        'INVALID_REQUEST',
        `The demo sends requests only to its own echo endpoint, ${this.origin}/echo/…, so resolved secrets never leave this machine. Change the URL.`,
      )
    }
    return url
  }

  #failed(references: ReferenceReport[], message: string): SendResult {
    return { sent: false, references, error: { code: 'INVALID_REQUEST', message } }
  }

  /** The received request with every secret this send used (and every one the cache holds) masked. */
  #masked(record: EchoRecord, values: readonly string[]): ShownRequest {
    const known = [
      ...new Set(values.flatMap((value) => [value, encodeURIComponent(value), encodeURI(value)])),
    ]
      .filter((item) => item.length >= MIN_REDACTED_LENGTH)
      .sort((a, b) => b.length - a.length)
    const mask = (text: string) => redactKnown(this.vault.redact(text), known)
    return {
      method: record.method,
      url: mask(record.url),
      headers: record.headers.map(([name, value]) => [name, mask(value)]),
      body: mask(record.body),
    }
  }
}
