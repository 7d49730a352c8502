// RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s step) over a base32 secret (RFC 4648), with node:crypto.
import { createHmac } from 'node:crypto'

export const STEP_SECONDS = 30

export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const clean = text.toUpperCase().replace(/[\s=-]/g, '')
  let bits = 0
  let value = 0
  const out = []
  for (const ch of clean) {
    const idx = alphabet.indexOf(ch)
    if (idx < 0) throw new Error(`not base32: ${ch}`)
    value = (value << 5) | idx
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** HOTP (RFC 4226) for one counter value. */
export function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', key).update(msg).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const bin = mac.readUInt32BE(offset) & 0x7fffffff
  return String(bin % 10 ** digits).padStart(digits, '0')
}

export function timeStep(unixMs = Date.now()) {
  return Math.floor(unixMs / 1000 / STEP_SECONDS)
}

export function totp(secret, unixMs = Date.now()) {
  return hotp(base32Decode(secret), timeStep(unixMs))
}
