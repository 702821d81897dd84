import { Buffer } from "node:buffer"
import { createBatchRequestSchema, type CreateContactRequest } from "../../modules/omnisend/client/schemas"
import { BatchPacker, type Batch } from "../batch-packer"

function contact(index: number, firstName = ""): CreateContactRequest {
  return {
    identifiers: [
      {
        type: "email",
        id: `customer${index}@example.com`,
        channels: { email: { status: "nonSubscribed", statusDate: "1970-01-01T00:00:00.000Z" } },
      },
    ],
    firstName,
  }
}

function bodyBytes(batch: Batch<unknown>): number {
  return Buffer.byteLength(JSON.stringify({ method: "POST", endpoint: "contacts", items: batch.payloads }))
}

function itemBytes(payload: CreateContactRequest): number {
  return Buffer.byteLength(JSON.stringify(payload))
}

// Feeds every contact and collects the batches, checking each flushed batch on the way.
function packAll(packer: BatchPacker<number>, payloads: CreateContactRequest[]): Batch<number>[] {
  const batches: Batch<number>[] = []
  payloads.forEach((payload, index) => {
    const { flushed, rejected } = packer.add(index, payload)
    expect(rejected).toBeUndefined()
    if (flushed) {
      batches.push(flushed)
    }
  })
  const last = packer.flush()
  if (last) {
    batches.push(last)
  }
  return batches
}

const ENVELOPE = Buffer.byteLength('{"method":"POST","endpoint":"contacts","items":[]}')

describe("BatchPacker", () => {
  it("never puts more than 1000 items in a batch and keeps every item in order", () => {
    const payloads = Array.from({ length: 2500 }, (_, index) => contact(index))
    const batches = packAll(new BatchPacker<number>(), payloads)
    expect(batches.map((batch) => batch.items.length)).toEqual([1000, 1000, 500])
    expect(batches.flatMap((batch) => batch.items)).toEqual(payloads.map((_, index) => index))
    expect(createBatchRequestSchema.safeParse({ method: "POST", endpoint: "contacts", items: batches[0].payloads }).success).toBe(true)
  })

  it("counts bytes exactly as the serialised request body, multi-byte characters included", () => {
    const payloads = Array.from({ length: 7 }, (_, index) => contact(index, "Zoë 😀 ".repeat(index * 3)))
    const batches = packAll(new BatchPacker<number>({ maxBytes: 900 }), payloads)
    expect(batches.length).toBeGreaterThan(1)
    for (const batch of batches) {
      expect(batch.bytes).toBe(bodyBytes(batch))
      expect(batch.bytes).toBeLessThanOrEqual(900)
    }
  })

  it("stays under the 1 MB default with items near the limit", () => {
    const large = (index: number) => contact(index, "x".repeat(330_000))
    const payloads = Array.from({ length: 10 }, (_, index) => large(index))
    const batches = packAll(new BatchPacker<number>(), payloads)
    expect(batches.map((batch) => batch.items.length)).toEqual([3, 3, 3, 1])
    for (const batch of batches) {
      expect(batch.bytes).toBe(bodyBytes(batch))
      expect(batch.bytes).toBeLessThanOrEqual(1_000_000)
    }
    // The fourth item did not fit: it would have taken the first batch over the budget.
    expect(batches[0].bytes + 1 + itemBytes(payloads[3])).toBeGreaterThan(1_000_000)
  })

  it("fills a batch up to exactly the budget, and not one byte more", () => {
    const base = itemBytes(contact(0))
    const maxBytes = ENVELOPE + 2 * (base + 100) + 1
    const exact = packAll(new BatchPacker<number>({ maxBytes }), [contact(0, "a".repeat(100)), contact(1, "b".repeat(100))])
    expect(exact.map((batch) => batch.items.length)).toEqual([2])
    expect(exact[0].bytes).toBe(maxBytes)

    const over = packAll(new BatchPacker<number>({ maxBytes }), [contact(0, "a".repeat(100)), contact(1, "b".repeat(101))])
    expect(over.map((batch) => batch.items.length)).toEqual([1, 1])
  })

  it("rejects an item that alone exceeds the budget and keeps packing the others", () => {
    const packer = new BatchPacker<number>({ maxBytes: 1_000 })
    expect(packer.add(0, contact(0))).toEqual({})
    const result = packer.add(1, contact(1, "x".repeat(2_000)))
    expect(result.flushed).toBeUndefined()
    expect(result.rejected?.reason).toMatch(/exceed the 1000-byte budget/)
    expect(result.rejected?.reason).not.toContain("customer1@example.com")
    expect(result.rejected?.bytes).toBe(itemBytes(contact(1, "x".repeat(2_000))))
    expect(packer.add(2, contact(2))).toEqual({})
    expect(packer.flush()?.items).toEqual([0, 2])
  })

  it("accepts an item that exactly fills an empty batch and rejects one a byte larger", () => {
    const base = itemBytes(contact(0))
    const fits = new BatchPacker<number>({ maxBytes: ENVELOPE + base })
    expect(fits.add(0, contact(0))).toEqual({})
    expect(fits.flush()?.bytes).toBe(ENVELOPE + base)
    const tooSmall = new BatchPacker<number>({ maxBytes: ENVELOPE + base - 1 })
    expect(tooSmall.add(0, contact(0)).rejected).toBeDefined()
    expect(tooSmall.flush()).toBeNull()
  })

  it("strips welcome messages from batch items without changing the caller's payload", () => {
    const payload = contact(0)
    payload.identifiers[0].sendWelcomeMessage = true
    const packer = new BatchPacker<string>()
    packer.add("cus_1", payload)
    const batch = packer.flush()
    expect(batch?.payloads[0].identifiers[0]).not.toHaveProperty("sendWelcomeMessage")
    expect(batch?.bytes).toBe(bodyBytes(batch as Batch<unknown>))
    expect(payload.identifiers[0].sendWelcomeMessage).toBe(true)
  })

  it("is not affected by later changes to a payload already added", () => {
    const payload = contact(0)
    const packer = new BatchPacker<number>()
    packer.add(0, payload)
    payload.firstName = "changed afterwards"
    const batch = packer.flush()
    expect(batch?.payloads[0].firstName).toBe("")
    expect(batch?.bytes).toBe(bodyBytes(batch as Batch<unknown>))
  })

  it("returns null from flush when empty and starts over after a flush", () => {
    const packer = new BatchPacker<number>()
    expect(packer.flush()).toBeNull()
    packer.add(0, contact(0))
    expect(packer.flush()?.items).toEqual([0])
    expect(packer.flush()).toBeNull()
  })

  it("rejects impossible limits", () => {
    expect(() => new BatchPacker({ maxItems: 1001 })).toThrow(RangeError)
    expect(() => new BatchPacker({ maxItems: 0 })).toThrow(RangeError)
    expect(() => new BatchPacker({ maxBytes: ENVELOPE })).toThrow(RangeError)
  })
})
