import { randomUUID } from 'node:crypto'

/**
 * Responses as the two AWS protocols the provider meets send them.
 * Secrets Manager speaks AWS JSON 1.1: errors are HTTP 400 (500 for server faults) with
 * `{"__type", "message"}` and an `x-amzn-ErrorType` header
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html).
 * STS speaks the Query protocol: XML bodies, errors as `<ErrorResponse><Error><Type/><Code/><Message/></Error>`
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
 */

const JSON_1_1 = 'application/x-amz-json-1.1'

function baseHeaders(contentType: string): Record<string, string> {
  return { 'content-type': contentType, 'x-amzn-requestid': randomUUID(), date: new Date().toUTCString() }
}

/** The HTTP status AWS gives each error type; anything not listed is a client error (400). */
const ERROR_STATUS: Readonly<Record<string, number>> = {
  InternalServiceError: 500,
  InternalFailure: 500,
  ServiceUnavailable: 503,
  MissingAuthenticationTokenException: 403,
  MissingAuthenticationToken: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  AccessDenied: 403,
}

export function errorStatus(type: string): number {
  return ERROR_STATUS[type] ?? 400
}

export function jsonResponse(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: baseHeaders(JSON_1_1) })
}

export function jsonError(type: string, message: string, status = errorStatus(type)): Response {
  return new Response(JSON.stringify({ __type: type, message }), {
    status,
    headers: { ...baseHeaders(JSON_1_1), 'x-amzn-errortype': type },
  })
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char] as string,
  )
}

/** `<Name>value</Name>` for each entry, values escaped. */
export function xmlElements(entries: Record<string, string>): string {
  return Object.entries(entries)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('')
}

export function xmlResponse(xml: string): Response {
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, {
    status: 200,
    headers: baseHeaders('text/xml'),
  })
}

export function queryError(code: string, message: string, status = errorStatus(code)): Response {
  const fault = status >= 500 ? 'Receiver' : 'Sender'
  const xml = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>${xmlElements({
    Type: fault,
    Code: code,
    Message: message,
  })}</Error>${xmlElements({ RequestId: randomUUID() })}</ErrorResponse>`
  return new Response(xml, { status, headers: baseHeaders('text/xml') })
}

/** A body that is not the protocol's at all, as a proxy or load balancer sends it. */
export function rawResponse(status: number, body: string, contentType: string): Response {
  return new Response(body, { status, headers: baseHeaders(contentType) })
}
