import { randomBytes } from "node:crypto"

/**
 * CONTRACT: create_contact, create_batch: ids are 24 lowercase hex chars (MongoDB ObjectIds). A counter instead of
 * fresh randomness per id keeps generation cheap when benchmarks create a million of them.
 */
const processPart = randomBytes(5).toString("hex")
let counter = randomBytes(3).readUIntBE(0, 3)

export function createObjectId(): string {
  counter = (counter + 1) % 0x1000000
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, "0")
  return seconds + processPart + counter.toString(16).padStart(6, "0")
}
