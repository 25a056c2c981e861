import { HttpResponse } from 'msw'
import { HTTP_STATUS } from '../google-rpc-codes.js'

const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  UNAVAILABLE: 'The service is currently unavailable.',
  RESOURCE_EXHAUSTED:
    "Quota exceeded for quota metric 'Access requests' and limit 'Access requests per minute per project' of service 'secretmanager.googleapis.com'.",
  INTERNAL: 'Internal error encountered.',
  DEADLINE_EXCEEDED: 'Deadline exceeded.',
}

export function statusName(httpStatus: number): string {
  return HTTP_STATUS[httpStatus] ?? (httpStatus >= 500 ? 'INTERNAL' : 'UNKNOWN')
}

/**
 * An error as Google APIs send it over REST: `{"error": {"code", "message", "status"}}` with the HTTP
 * status in `code` and the google.rpc.Code name in `status` (https://cloud.google.com/apis/design/errors).
 */
export function googleError(httpStatus: number, message?: string, status = statusName(httpStatus)): Response {
  return HttpResponse.json(
    { error: { code: httpStatus, message: message ?? DEFAULT_MESSAGES[status] ?? `${status}.`, status } },
    { status: httpStatus },
  )
}
