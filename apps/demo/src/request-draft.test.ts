import { describe, expect, it } from 'vitest'
import { draftParts, parseDraft } from './request-draft.js'

describe('parseDraft', () => {
  it('splits headers into parts that may each hold tags', () => {
    const draft = parseDraft({
      method: 'post',
      url: ' http://127.0.0.1:1/echo ',
      headers: 'Authorization: Bearer {{ aws://a/b }}\n\nX-Two:  2 ',
      body: '{}',
    })
    expect(draft.method).toBe('POST')
    expect(draftParts(draft)).toEqual([
      { label: 'URL', text: 'http://127.0.0.1:1/echo' },
      { label: 'header Authorization', text: 'Bearer {{ aws://a/b }}' },
      { label: 'header X-Two', text: '2' },
      { label: 'body', text: '{}' },
    ])
  })

  it('says what to fix in a bad request', () => {
    const base = { method: 'POST', url: '/echo', headers: '', body: '' }
    expect(() => parseDraft({ ...base, method: 'BREW' })).toThrow(/Pick a method/)
    expect(() => parseDraft({ ...base, url: ' ' })).toThrow(/Fill in the URL/)
    expect(() => parseDraft({ ...base, method: 'GET', body: 'x' })).toThrow(/GET request carries no body/)
    expect(() => parseDraft({ ...base, headers: 'no colon here' })).toThrow(/Header line 1/)
    expect(() => parseDraft({ ...base, headers: 'Host: evil' })).toThrow(
      /Host header is set by the HTTP client/,
    )
    expect(() => parseDraft({ ...base, body: 42 })).toThrow(/"body" must be text/)
    expect(() => parseDraft(null)).toThrow(/JSON object/)
  })
})
