import { describe, expect, it } from 'vitest'
import { computeSignature, formatAmzDate, parseAmzDate, parseAuthorization } from './sigv4-verifier.js'

describe('SigV4 verifier', () => {
  // The worked example of AWS's SigV4 documentation (IAM ListUsers, 2015-08-30), with its published signature.
  it('computes the signature of AWS’s documented example', () => {
    const authorization = parseAuthorization(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    )
    if (!authorization.ok) throw new Error(authorization.message)
    const signature = computeSignature({
      method: 'GET',
      url: new URL('https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08'),
      headers: new Headers({
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        host: 'iam.amazonaws.com',
        'x-amz-date': '20150830T123600Z',
      }),
      body: new Uint8Array(),
      amzDate: '20150830T123600Z',
      authorization: authorization.value,
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    })
    expect(signature).toBe(authorization.value.signature)
  })

  it('names the missing parts of a malformed Authorization header', () => {
    const parsed = parseAuthorization('AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request')
    expect(parsed).toEqual({
      ok: false,
      message:
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.",
    })
    expect(parseAuthorization('Bearer token').ok).toBe(false)
    expect(
      parseAuthorization('AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=ab').ok,
    ).toBe(false)
  })

  it('reads and writes X-Amz-Date', () => {
    const date = parseAmzDate('20150830T123600Z')
    expect(date?.toISOString()).toBe('2015-08-30T12:36:00.000Z')
    expect(formatAmzDate(date as Date)).toBe('20150830T123600Z')
    expect(parseAmzDate('2015-08-30T12:36:00Z')).toBeUndefined()
  })
})
