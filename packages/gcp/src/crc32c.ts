/**
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78): the checksum Secret Manager returns as
 * `payload.dataCrc32c`. Not zlib's CRC32, which uses another polynomial. Node 20 has neither built in.
 */
const TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** The CRC32C of `bytes` as an unsigned 32-bit integer; pass a previous result as `crc` to continue it. */
export function crc32c(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0
  for (let i = 0; i < bytes.length; i++) c = (TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8)
  return ~c >>> 0
}
