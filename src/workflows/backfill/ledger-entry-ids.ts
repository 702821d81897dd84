import { randomBytes } from "node:crypto"

// Crockford's base32, as in ULIDs (and so in Medusa's generated ids).
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const RANDOM_BITS = 80n
const RANDOM_MAX = (1n << RANDOM_BITS) - 1n

function encode(value: bigint, length: number): string {
  let text = ""
  for (let index = 0; index < length; index++) {
    text = ALPHABET[Number(value & 31n)] + text
    value >>= 5n
  }
  return text
}

/**
 * `count` ids shaped like the module's own (`<prefix>_` and a ULID), from one random draw: the
 * random part counts up from it, as a monotonic ULID does within a millisecond. A ULID per row
 * draws 16 random bytes one by one, which costs seconds for a hundred thousand rows.
 */
export function createEntityIds(prefix: string, count: number, now: Date = new Date()): string[] {
  const time = encode(BigInt(now.getTime()), 10)
  // The top bits stay clear so counting up never overflows the 80 random bits.
  let random = BigInt(`0x${randomBytes(10).toString("hex")}`) >> 24n
  const ids: string[] = []
  for (let index = 0; index < count; index++) {
    ids.push(`${prefix}_${time}${encode(random & RANDOM_MAX, 16)}`)
    random++
  }
  return ids
}
