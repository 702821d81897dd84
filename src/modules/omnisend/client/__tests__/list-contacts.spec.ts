import { startOmnisendEmulator } from "../../../../../tools/omnisend-emulator"
import type { OmnisendEmulator } from "../../../../../tools/omnisend-emulator"
import { loadV3Contract } from "../../../../../tools/omnisend-emulator/contract/load-v3-contract"
import { OmnisendV3Adapter } from "../adapters/v3-adapter"
import { OmnisendRequestValidationError, OmnisendResponseValidationError } from "../errors"
import { OmnisendClient } from "../omnisend-client"

const adapter = new OmnisendV3Adapter()

describe("listing contacts by status (v3)", () => {
  it("asks for the status and page size, continuing from the query of paging.next", () => {
    expect(adapter.listContacts({ status: "unsubscribed", limit: 250 }).path).toBe("/contacts?status=unsubscribed&limit=250")
    const next = adapter.listContacts({ status: "unsubscribed", limit: 250, cursor: "limit=100&after=64ab&status=subscribed" })
    expect(next.path).toBe("/contacts?limit=250&after=64ab&status=unsubscribed")
  })

  it("keeps only the query of paging.next as the cursor, null after the last page", () => {
    const { responseSchema } = adapter.listContacts({ status: "unsubscribed", limit: 250 })
    const next = "https://api.omnisend.com/v3/contacts?after=64ab&limit=250&status=unsubscribed"

    expect(responseSchema.parse({ contacts: [], paging: { next } }).nextCursor).toBe("after=64ab&limit=250&status=unsubscribed")
    expect(responseSchema.parse({ contacts: [], paging: { next: null } }).nextCursor).toBeNull()
    expect(responseSchema.parse({ contacts: [] }).nextCursor).toBeNull()
    expect(responseSchema.safeParse({ contacts: [], paging: { next: "https://api.omnisend.com/v3/contacts" } }).success).toBe(false)
  })

  it("reads the list answer Omnisend records (contract: get_contacts_by_email)", () => {
    const { responseSchema } = adapter.listContacts({ status: "subscribed", limit: 250 })
    const page = responseSchema.parse(loadV3Contract().get_contacts_by_email.body)

    expect(page.nextCursor).toBeNull()
    expect(page.contacts[0]).toEqual(
      expect.objectContaining({ contactID: "663cf8de1f539fef85c321f9", email: "jane.doe@example.com" })
    )
    expect(page.contacts[0].identifiers[0].channels?.email).toEqual(
      expect.objectContaining({ status: "subscribed", statusDate: "2024-05-09T16:25:02.353Z" })
    )
  })

  it("reads contacts leniently: nulls and absent fields pass, unknown fields are ignored", () => {
    const { responseSchema } = adapter.listContacts({ status: "unsubscribed", limit: 250 })
    const page = responseSchema.parse({
      contacts: [
        { contactID: "c1", email: null, identifiers: null, segments: [], consents: null },
        { contactID: "c2", identifiers: [{ type: "email", id: "a@example.com", channels: { email: null } }] },
        { contactID: "c3", identifiers: [{ type: "email", id: "b@example.com", channels: null }] },
      ],
      paging: { previous: null, next: null, offset: 0, limit: 250 },
    })

    expect(page.contacts.map((contact) => contact.contactID)).toEqual(["c1", "c2", "c3"])
    expect(page.contacts[0]).toEqual(expect.objectContaining({ email: undefined, identifiers: [] }))
    expect(responseSchema.parse({ contacts: null }).contacts).toEqual([])
  })
})

describe("OmnisendClient.listContacts against the emulator", () => {
  let emulator: OmnisendEmulator

  beforeAll(async () => {
    emulator = await startOmnisendEmulator()
  })

  afterAll(async () => {
    await emulator.stop()
  })

  const client = () => new OmnisendClient({ apiKey: emulator.apiKey, apiUrl: emulator.url, maxRetries: 0 })

  function seed(email: string, status: "subscribed" | "unsubscribed") {
    return emulator.state.seedContact({
      identifiers: [{ type: "email", id: email, channels: { email: { status, statusDate: "2026-06-15T12:30:00Z" } } }],
    })
  }

  it("follows paging.next through every unsubscribed contact, and only those", async () => {
    emulator.reset()
    const unsubscribed = ["a", "b", "c", "d", "e"].map((name) => seed(`${name}@example.com`, "unsubscribed").contactID)
    seed("subscribed@example.com", "subscribed")

    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await client().listContacts({ status: "unsubscribed", limit: 2, cursor })
      seen.push(...page.contacts.map((contact) => contact.contactID!))
      cursor = page.nextCursor ?? undefined
      pages++
    } while (cursor)

    expect(seen).toEqual(unsubscribed)
    expect(pages).toBe(3)
    expect(emulator.state.requests().every((request) => request.query.status === "unsubscribed")).toBe(true)
  })

  it("refuses a request it cannot mean before sending it", async () => {
    emulator.reset()
    await expect(client().listContacts({ status: "unsubscribed", limit: 251 })).rejects.toBeInstanceOf(OmnisendRequestValidationError)
    await expect(
      client().listContacts({ status: "gone" as "unsubscribed", limit: 250 })
    ).rejects.toBeInstanceOf(OmnisendRequestValidationError)
    await expect(
      client().listContacts({ status: "unsubscribed", limit: 250, email: "a@example.com" } as never)
    ).rejects.toBeInstanceOf(OmnisendRequestValidationError)
    expect(emulator.state.requests()).toEqual([])
  })

  it("reports an answer it cannot read as a typed error", async () => {
    emulator.reset()
    emulator.failNext({ status: 200, body: { contacts: "none" } })
    await expect(client().listContacts({ status: "unsubscribed", limit: 250 })).rejects.toBeInstanceOf(OmnisendResponseValidationError)
  })
})
