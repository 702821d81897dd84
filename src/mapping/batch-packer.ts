import { Buffer } from "node:buffer"
import type { ContactIdentifier, CreateContactRequest } from "../modules/omnisend/client/schemas"

/** Omnisend v3 accepts at most 1000 items per batch. */
export const BATCH_MAX_ITEMS = 1000

/** Omnisend asks to keep a batch body under 1 MB. */
export const DEFAULT_BATCH_MAX_BYTES = 1_000_000

// The body is {"method":"POST","endpoint":"contacts","items":[a,b,...]}: its size is this
// envelope, plus every item's JSON, plus one comma between items.
const ENVELOPE_BYTES = Buffer.byteLength(JSON.stringify({ method: "POST", endpoint: "contacts", items: [] }))

export interface Batch<T> {
  /** The caller's references (e.g. customer ids), in the same order as payloads. */
  items: T[]
  payloads: CreateContactRequest[]
  /** Exact size of JSON.stringify({ method: "POST", endpoint: "contacts", items: payloads }). */
  bytes: number
}

export interface BatchPackerOptions {
  maxItems?: number
  /** Inclusive budget for the whole request body, in bytes. */
  maxBytes?: number
}

export interface BatchPackerAddResult<T> {
  /** The batch closed because this item did not fit in it; the item starts the next batch. */
  flushed?: Batch<T>
  /** Set when the item alone would exceed the byte budget: it is not packed and must not be sent. */
  rejected?: { reason: string; bytes: number }
}

// Batches are backfills of existing customers: a welcome message there would greet old customers.
function withoutWelcomeMessage(payload: CreateContactRequest): CreateContactRequest {
  return {
    ...payload,
    identifiers: payload.identifiers.map((identifier): ContactIdentifier => {
      const copy = { ...identifier }
      delete copy.sendWelcomeMessage
      return copy
    }),
  }
}

/**
 * Packs contacts into batch bodies of at most `maxItems` items and `maxBytes` bytes, measured on
 * the JSON that will be sent. Streaming: add items as they are read, send each flushed batch,
 * and call flush() at the end for the last one.
 */
export class BatchPacker<T> {
  private readonly maxItems: number
  private readonly maxBytes: number
  private items: T[] = []
  private payloads: CreateContactRequest[] = []
  private bytes = ENVELOPE_BYTES

  constructor({ maxItems = BATCH_MAX_ITEMS, maxBytes = DEFAULT_BATCH_MAX_BYTES }: BatchPackerOptions = {}) {
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > BATCH_MAX_ITEMS) {
      throw new RangeError(`maxItems must be an integer from 1 to ${BATCH_MAX_ITEMS}`)
    }
    if (!Number.isFinite(maxBytes) || maxBytes <= ENVELOPE_BYTES) {
      throw new RangeError(`maxBytes must be larger than the empty batch body (${ENVELOPE_BYTES} bytes)`)
    }
    this.maxItems = maxItems
    this.maxBytes = maxBytes
  }

  add(item: T, payload: CreateContactRequest): BatchPackerAddResult<T> {
    const packed = withoutWelcomeMessage(payload)
    const itemBytes = Buffer.byteLength(JSON.stringify(packed))
    if (ENVELOPE_BYTES + itemBytes > this.maxBytes) {
      const reason =
        `contact payload is ${itemBytes} bytes: ` +
        `a batch holding only it would exceed the ${this.maxBytes}-byte budget`
      return { rejected: { reason, bytes: itemBytes } }
    }
    const full =
      this.payloads.length >= this.maxItems ||
      (this.payloads.length > 0 && this.bytes + 1 + itemBytes > this.maxBytes)
    const flushed = full ? this.take() : undefined
    this.bytes += (this.payloads.length > 0 ? 1 : 0) + itemBytes
    this.items.push(item)
    // Kept as objects, not re-parsed from the measured text: a backfill packs every customer once, and
    // the client measures the body again before it goes out.
    this.payloads.push(packed)
    return flushed ? { flushed } : {}
  }

  /** The batch being filled, if it holds anything; the packer starts empty again. */
  flush(): Batch<T> | null {
    return this.payloads.length > 0 ? this.take() : null
  }

  private take(): Batch<T> {
    const batch = {
      items: this.items,
      payloads: this.payloads,
      bytes: this.bytes,
    }
    this.items = []
    this.payloads = []
    this.bytes = ENVELOPE_BYTES
    return batch
  }
}
