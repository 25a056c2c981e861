import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32c } from './crc32c.js'

describe('crc32c', () => {
  // Check values from RFC 3720 appendix B.4 and the CRC catalogue ("123456789" → 0xE3069283).
  it.each([
    ['empty', new Uint8Array(0), 0],
    ['"123456789"', new TextEncoder().encode('123456789'), 0xe3069283],
    ['32 zero bytes', new Uint8Array(32), 0x8a9136aa],
    ['32 bytes of 0xFF', new Uint8Array(32).fill(0xff), 0x62a8ab43],
    ['bytes 0..31', Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
  ])('matches the published check value for %s', (_name, bytes, expected) => {
    expect(crc32c(bytes)).toBe(expected)
  })

  it('differs from zlib CRC32 (0xCBF43926 for "123456789")', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).not.toBe(0xcbf43926)
  })

  it('continues across chunks exactly as over the whole input', () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.uint8Array(), (a, b) => {
        const whole = new Uint8Array([...a, ...b])
        expect(crc32c(b, crc32c(a))).toBe(crc32c(whole))
      }),
    )
  })
})
