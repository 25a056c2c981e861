import { vaultThrown } from '@external-vault/core/testing'
import { describe, expect, it } from 'vitest'
import { payloadOf } from './access-payload.js'
import { crc32c } from './crc32c.js'

const NAME = 'projects/1/secrets/s/versions/4'
const data = new TextEncoder().encode('value-SENTINEL')

describe('payloadOf', () => {
  it('returns the bytes and the resolved version when the checksum matches (string or number)', () => {
    for (const dataCrc32c of [String(crc32c(data)), crc32c(data)]) {
      const payload = payloadOf({ name: NAME, payload: { data, dataCrc32c } }, NAME)
      expect(payload).toEqual({ value: data, version: '4' })
    }
  })

  it('accepts base64 text data and a payload without a checksum', () => {
    const payload = payloadOf({ payload: { data: Buffer.from(data).toString('base64') } }, NAME)
    expect(payload).toEqual({ value: data })
    expect(payloadOf({ payload: null }, NAME).value).toEqual(new Uint8Array())
  })

  it('fails a mismatching or unreadable checksum with INTEGRITY_ERROR, never quoting the value', () => {
    for (const dataCrc32c of [String((crc32c(data) + 1) >>> 0), 'abc', '-1']) {
      const error = vaultThrown(() => payloadOf({ name: NAME, payload: { data, dataCrc32c } }, NAME))
      expect(error.code).toBe('INTEGRITY_ERROR')
      expect(error.message).toContain(NAME)
      expect(error.message).not.toContain('SENTINEL')
    }
  })
})
