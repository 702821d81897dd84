import { loadV3Contract, startOmnisendEmulator, type OmnisendEmulator } from "../index"
import { createClient, emailAndPhoneContact, emailContact, invalidDataError, phoneIdentifier } from "./emulator-client"

const ID_PATTERN = /^[0-9a-f]{24}$/
const WHOLE_SECONDS_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
const CONTACT_KEYS = Object.keys(loadV3Contract().create_contact.body as object)

// The guide's first example, with its redacted address read as jane@example.com.
const GUIDE_CREATE_BODY = {
  identifiers: [
    {
      channels: { email: { status: "subscribed", statusDate: "2020-02-29T10:07:28Z" } },
      id: "jane@example.com",
      type: "email",
      sendWelcomeMessage: true,
    },
  ],
  firstName: "Jane",
  lastName: "Doe",
  country: "United Kingdom",
  countryCode: "GB",
  city: "London",
  address: "Westminster",
  postalCode: "SW1A 1AA",
  gender: "f",
  birthdate: "1997-05-02",
}

// The guide's PATCH example (identifier without a type, channel without a statusDate).
const GUIDE_PATCH_BODY = {
  identifiers: [{ channels: { email: { status: "subscribed" } }, id: "jane@example.com" }],
  customProperties: { shoeSize: 42, eyesColor: "blue", maritalStatus: "single" },
  city: "Los Angeles",
}

describe("Omnisend emulator: contacts", () => {
  let emulator: OmnisendEmulator
  let call: ReturnType<typeof createClient>

  beforeAll(async () => {
    emulator = await startOmnisendEmulator()
    call = createClient(emulator)
  })
  afterAll(() => emulator.stop())
  beforeEach(() => emulator.reset())

  describe("the guide's examples", () => {
    it("creates the full Jane Doe contact and answers the whole contact, keys in the contract's order", async () => {
      const reply = await call("POST", "/contacts", GUIDE_CREATE_BODY)
      expect(reply.status).toBe(200)
      expect(reply.body).toEqual({
        email: "jane@example.com",
        contactID: expect.stringMatching(ID_PATTERN),
        createdAt: expect.stringMatching(WHOLE_SECONDS_PATTERN),
        firstName: "Jane",
        lastName: "Doe",
        country: "United Kingdom",
        countryCode: "GB",
        state: "",
        city: "London",
        postalCode: "SW1A 1AA",
        address: "Westminster",
        gender: "f",
        phone: null,
        birthdate: "1997-05-02",
        status: "subscribed",
        tags: [],
        segments: [],
        statuses: [{ channel: "email", status: "subscribed", date: "2020-02-29T10:07:28Z" }],
        optIns: [{ channel: "email", date: "2020-02-29T10:07:28Z" }],
        consents: null,
        customProperties: null,
        identifiers: [
          {
            id: "jane@example.com",
            type: "email",
            channels: { email: { status: "subscribed", statusDate: "2020-02-29T10:07:28Z" } },
          },
        ],
      })
      expect(Object.keys(reply.body)).toEqual(CONTACT_KEYS)
      expect(Object.keys(reply.body.identifiers[0])).toEqual(["id", "type", "channels"])
      expect(emulator.state.contactById(reply.body.contactID)).toMatchObject({
        email: "jane@example.com",
        firstName: "Jane",
        createdAt: reply.body.createdAt,
        ignoredIdentifiers: [],
      })
    })

    it("accepts the PATCH example verbatim and answers the short body", async () => {
      const created = await call("POST", "/contacts", GUIDE_CREATE_BODY)
      const before = Date.now()
      const reply = await call("PATCH", `/contacts/${created.body.contactID}`, GUIDE_PATCH_BODY)
      expect(reply.status).toBe(200)
      expect(reply.body).toEqual({
        email: "jane@example.com",
        contactID: created.body.contactID,
        firstName: "Jane",
        lastName: "Doe",
      })
      const stored = await call("GET", `/contacts/${created.body.contactID}`)
      expect(stored.body.city).toBe("Los Angeles")
      expect(stored.body.customProperties).toEqual({ shoeSize: 42, eyesColor: "blue", maritalStatus: "single" })
      // No statusDate means "now", which is later than the stored 2020 date.
      const channel = stored.body.identifiers[0].channels.email
      expect(channel.status).toBe("subscribed")
      expect(Date.parse(channel.statusDate)).toBeGreaterThanOrEqual(before - 1000)
    })
  })

  describe("the whole contact", () => {
    it("answers unset strings as \"\", an unset phone and no custom properties as null", async () => {
      const reply = await call("POST", "/contacts", emailContact("jane@example.com", "nonSubscribed"))
      expect(reply.body).toMatchObject({
        firstName: "",
        lastName: "",
        country: "",
        countryCode: "",
        state: "",
        city: "",
        postalCode: "",
        address: "",
        gender: "",
        phone: null,
        birthdate: "",
        status: "nonSubscribed",
        tags: [],
        segments: [],
        optIns: [],
        consents: null,
        customProperties: null,
      })
    })

    it("answers the phone in E.164, one status per channel and custom properties as an object", async () => {
      const reply = await call("POST", "/contacts", {
        identifiers: [
          ...emailContact("jane@example.com", "unsubscribed", "2024-02-01T00:00:00Z").identifiers,
          phoneIdentifier("+37060000001", "subscribed", "2024-03-01T00:00:00Z"),
        ],
        customProperties: { medusa_customer_id: "cus_1" },
      })
      expect(reply.body).toMatchObject({
        phone: "+37060000001",
        status: "unsubscribed",
        statuses: [
          { channel: "email", status: "unsubscribed", date: "2024-02-01T00:00:00Z" },
          { channel: "sms", status: "subscribed", date: "2024-03-01T00:00:00Z" },
        ],
        optIns: [{ channel: "sms", date: "2024-03-01T00:00:00Z" }],
        customProperties: { medusa_customer_id: "cus_1" },
      })
      expect(reply.body.identifiers[1]).toEqual({
        id: "+37060000001",
        type: "phone",
        channels: { sms: { status: "subscribed", statusDate: "2024-03-01T00:00:00Z" } },
      })
    })

    it("keeps an opt-in, with its first date, after the channel unsubscribes", async () => {
      await call("POST", "/contacts", emailContact("jane@example.com", "subscribed", "2024-01-01T00:00:00Z"))
      await call("POST", "/contacts", emailContact("jane@example.com", "unsubscribed", "2024-02-01T00:00:00Z"))
      const reply = await call("POST", "/contacts", emailContact("jane@example.com", "subscribed", "2024-03-01T00:00:00Z"))
      expect(reply.body.optIns).toEqual([{ channel: "email", date: "2024-01-01T00:00:00Z" }])
      expect(reply.body.statuses).toEqual([{ channel: "email", status: "subscribed", date: "2024-03-01T00:00:00Z" }])
    })
  })

  describe("upsert by exact email", () => {
    it("updates the contact that owns the email", async () => {
      const first = await call("POST", "/contacts", { ...emailContact("jane@example.com"), firstName: "Jane" })
      const second = await call("POST", "/contacts", { ...emailContact("jane@example.com"), lastName: "Doe" })
      expect(first.status).toBe(200)
      expect(second.status).toBe(200)
      expect(second.body.contactID).toBe(first.body.contactID)
      expect(second.body.createdAt).toBe(first.body.createdAt)
      expect(second.body).toMatchObject({ firstName: "Jane", lastName: "Doe" })
      expect(emulator.state.contacts()).toHaveLength(1)
    })

    it("treats a differently cased email as another contact, as Omnisend does", async () => {
      const lower = await call("POST", "/contacts", emailContact("jane@example.com"))
      const upper = await call("POST", "/contacts", emailContact("Jane@example.com"))
      expect(upper.body.contactID).not.toBe(lower.body.contactID)
      expect(emulator.state.contacts().map((contact) => contact.email)).toEqual(["jane@example.com", "Jane@example.com"])
      expect(emulator.state.contactByEmail("JANE@example.com")).toBeUndefined()
    })
  })

  describe("identifier ownership", () => {
    it("ignores a phone that belongs to another contact and records why", async () => {
      const owner = emulator.state.seedContact(emailAndPhoneContact("owner@example.com", "+37060000001"))
      const reply = await call("POST", "/contacts", {
        identifiers: [...emailContact("jane@example.com").identifiers, phoneIdentifier("+37060000001")],
      })
      expect(reply.status).toBe(200)
      expect(reply.body.email).toBe("jane@example.com")
      expect(reply.body.phone).toBeNull()
      expect(reply.body.identifiers.map((identifier: { type: string }) => identifier.type)).toEqual(["email"])
      expect(reply.body).not.toHaveProperty("ignoredIdentifiers")
      expect(emulator.state.contactById(reply.body.contactID)?.ignoredIdentifiers).toEqual([
        { type: "phone", id: "+37060000001", reason: expect.stringContaining(owner.contactID) },
      ])
      expect(emulator.state.contactById(owner.contactID)?.phone).toBe("+37060000001")
    })

    it("creates nothing when the only identifier belongs to another contact", async () => {
      emulator.state.seedContact(emailAndPhoneContact("owner@example.com", "+37060000001"))
      const reply = await call("POST", "/contacts", { identifiers: [phoneIdentifier("+37060000001")], firstName: "Copy" })
      expect(reply.status).toBe(400)
      expect(reply.body).toEqual({
        error: invalidDataError(1),
        fields: { "0": [expect.stringMatching(/^identifiers: phone \+37060000001 already belongs to another contact/)] },
      })
      expect(emulator.state.contacts()).toHaveLength(1)
      expect(emulator.state.contacts()[0].firstName).toBeUndefined()
    })

    it("creates a phone-only contact when nobody owns the phone", async () => {
      const reply = await call("POST", "/contacts", { identifiers: [phoneIdentifier("+37060000002", "nonSubscribed")] })
      expect(reply.status).toBe(200)
      expect(reply.body.phone).toBe("+37060000002")
      expect(reply.body.email).toBe("")
      expect(reply.body.status).toBe("nonSubscribed")
      expect(reply.body.statuses).toEqual([{ channel: "sms", status: "nonSubscribed", date: expect.any(String) }])
      expect(reply.body.identifiers[0].channels.sms.status).toBe("nonSubscribed")
    })
  })

  describe("channel status keeps the latest statusDate", () => {
    const statusOf = (email: string) => emulator.state.contactByEmail(email)?.identifiers[0].channels.email

    it("does not let an older statusDate override a newer one", async () => {
      await call("POST", "/contacts", emailContact("jane@example.com", "unsubscribed", "2024-06-01T00:00:00Z"))
      const reply = await call("POST", "/contacts", emailContact("jane@example.com", "subscribed", "2024-01-01T00:00:00Z"))
      expect(reply.status).toBe(200)
      expect(statusOf("jane@example.com")).toEqual({ status: "unsubscribed", statusDate: "2024-06-01T00:00:00Z" })
    })

    it("does not let the same statusDate override", async () => {
      await call("POST", "/contacts", emailContact("jane@example.com", "unsubscribed", "2024-06-01T00:00:00Z"))
      await call("POST", "/contacts", emailContact("jane@example.com", "subscribed", "2024-06-01T02:00:00+02:00"))
      expect(statusOf("jane@example.com")?.status).toBe("unsubscribed")
    })

    it("applies a newer statusDate", async () => {
      await call("POST", "/contacts", emailContact("jane@example.com", "subscribed", "2024-01-01T00:00:00Z"))
      await call("POST", "/contacts", emailContact("jane@example.com", "unsubscribed", "2024-06-01T00:00:00Z"))
      expect(statusOf("jane@example.com")).toEqual({ status: "unsubscribed", statusDate: "2024-06-01T00:00:00Z" })
    })

    it("treats a missing statusDate as now", async () => {
      await call("POST", "/contacts", emailContact("jane@example.com", "subscribed", "2024-01-01T00:00:00Z"))
      const before = Date.now()
      await call("POST", "/contacts", emailContact("jane@example.com", "unsubscribed"))
      const channel = statusOf("jane@example.com")
      expect(channel?.status).toBe("unsubscribed")
      expect(Date.parse(channel!.statusDate)).toBeGreaterThanOrEqual(before - 1000)
    })

    it("does not let now override a statusDate in the future", async () => {
      await call("POST", "/contacts", emailContact("jane@example.com", "unsubscribed", "2999-01-01T00:00:00Z"))
      await call("POST", "/contacts", emailContact("jane@example.com", "subscribed"))
      expect(statusOf("jane@example.com")?.status).toBe("unsubscribed")
    })
  })

  describe("profile merging", () => {
    it("adds tags as a union in order and merges customProperties key by key", async () => {
      const jane = emailContact("jane@example.com")
      await call("POST", "/contacts", { ...jane, tags: ["source: medusa", "vip"], customProperties: { a: 1, b: "x" } })
      const reply = await call("POST", "/contacts", {
        ...jane,
        tags: ["vip", "new", "new"],
        customProperties: { b: "y", c: ["1", "2"] },
      })
      expect(reply.body.tags).toEqual(["source: medusa", "vip", "new"])
      expect(reply.body.customProperties).toEqual({ a: 1, b: "y", c: ["1", "2"] })
    })

    it("overwrites provided fields, keeps absent ones and clears free-text fields sent as empty strings", async () => {
      await call("POST", "/contacts", GUIDE_CREATE_BODY)
      const reply = await call("POST", "/contacts", { ...emailContact("jane@example.com"), firstName: "Janet", city: "" })
      expect(reply.body).toMatchObject({ firstName: "Janet", lastName: "Doe", city: "", gender: "f", birthdate: "1997-05-02" })
      expect(emulator.state.contactByEmail("jane@example.com")?.city).toBeUndefined()
    })

    it("keeps a customProperties key named __proto__ as plain data", async () => {
      const customProperties = JSON.parse('{"__proto__": ["x"]}')
      const reply = await call("POST", "/contacts", { ...emailContact("jane@example.com"), customProperties })
      expect(reply.status).toBe(200)
      expect(Object.keys(reply.body.customProperties)).toEqual(["__proto__"])
      expect(Array.isArray(emulator.state.contactByEmail("jane@example.com")?.customProperties)).toBe(false)
    })
  })

  describe("PATCH", () => {
    it("answers 404 for an unknown contactID", async () => {
      const byId = await call("PATCH", "/contacts/0123456789abcdef01234567", { firstName: "X" })
      expect(byId.status).toBe(404)
      expect(byId.body).toEqual({ error: "Contact not found" })
    })

    it("has no PATCH by email in v3: 405, and the contact is untouched", async () => {
      emulator.state.seedContact(emailContact("jane@example.com"))
      const reply = await call("PATCH", "/contacts?email=jane%40example.com", GUIDE_PATCH_BODY)
      expect(reply.status).toBe(405)
      expect(reply.headers.get("allow")).toBe("GET, POST")
      expect(emulator.state.contactByEmail("jane@example.com")?.city).toBeUndefined()
    })

    it("answers an empty name as \"\" in the short body", async () => {
      const contact = emulator.state.seedContact(emailContact("jane@example.com"))
      const reply = await call("PATCH", `/contacts/${contact.contactID}`, { city: "Vilnius" })
      expect(reply.body).toEqual({ email: "jane@example.com", contactID: contact.contactID, firstName: "", lastName: "" })
    })

    it("cannot change the email: the new one is ignored and recorded", async () => {
      const contact = emulator.state.seedContact(emailContact("jane@example.com"))
      const reply = await call("PATCH", `/contacts/${contact.contactID}`, {
        identifiers: [{ type: "email", id: "jane.doe@example.com", channels: { email: { status: "subscribed" } } }],
        lastName: "Doe",
      })
      expect(reply.status).toBe(200)
      expect(reply.body).toEqual({ email: "jane@example.com", contactID: contact.contactID, firstName: "", lastName: "Doe" })
      expect(emulator.state.contactByEmail("jane.doe@example.com")).toBeUndefined()
      expect(emulator.state.contactById(contact.contactID)?.ignoredIdentifiers).toEqual([
        { type: "email", id: "jane.doe@example.com", reason: expect.any(String) },
      ])
    })

    it("adds a free phone and ignores one owned by another contact", async () => {
      emulator.state.seedContact({ identifiers: [phoneIdentifier("+37060000001")] })
      const contact = emulator.state.seedContact(emailContact("jane@example.com"))
      const taken = await call("PATCH", `/contacts/${contact.contactID}`, {
        identifiers: [{ id: "+37060000001", channels: { sms: { status: "subscribed" } } }],
      })
      expect(taken.status).toBe(200)
      // The short PATCH answer says nothing about identifiers: the state does.
      expect(taken.body).not.toHaveProperty("phone")
      expect(emulator.state.contactById(contact.contactID)?.phone).toBeUndefined()
      expect(emulator.state.contactById(contact.contactID)?.ignoredIdentifiers).toEqual([
        { type: "phone", id: "+37060000001", reason: expect.stringContaining("another contact") },
      ])
      const free = await call("PATCH", `/contacts/${contact.contactID}`, {
        identifiers: [{ id: "+37060000002", channels: { sms: { status: "nonSubscribed" } } }],
      })
      expect(free.status).toBe(200)
      const stored = (await call("GET", `/contacts/${contact.contactID}`)).body
      expect(stored.phone).toBe("+37060000002")
      expect(stored.identifiers[1]).toEqual({
        id: "+37060000002",
        type: "phone",
        channels: { sms: { status: "nonSubscribed", statusDate: expect.any(String) } },
      })
      // The phone is now owned: a phone-only create with it is refused.
      expect((await call("POST", "/contacts", { identifiers: [phoneIdentifier("+37060000002")] })).status).toBe(400)
    })
  })

  it("hands out copies from EmulatorState, so mutating them changes nothing", async () => {
    const seeded = emulator.state.seedContact({ ...emailContact("jane@example.com"), tags: ["vip"] })
    seeded.tags.push("mutated")
    emulator.state.contacts()[0].identifiers[0].channels.email!.status = "unsubscribed"
    const stored = emulator.state.contactByEmail("jane@example.com")
    expect(stored?.tags).toEqual(["vip"])
    expect(stored?.identifiers[0].channels.email?.status).toBe("subscribed")
  })

  describe("GET", () => {
    it("gets a contact by id as the same whole contact POST answered, or 404", async () => {
      const created = await call("POST", "/contacts", GUIDE_CREATE_BODY)
      const reply = await call("GET", `/contacts/${created.body.contactID}`)
      expect(reply.status).toBe(200)
      expect(reply.body).toEqual(created.body)
      expect(Object.keys(reply.body)).toEqual(CONTACT_KEYS)
      expect(reply.body).not.toHaveProperty("ignoredIdentifiers")
      const missing = await call("GET", "/contacts/0123456789abcdef01234567")
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual({ error: "Contact not found" })
    })

    it("finds contacts by exact email, whole contacts with the contract's paging", async () => {
      emulator.state.seedContact(emailContact("jane+shop@example.com"))
      const found = await call("GET", "/contacts?email=jane%2Bshop%40example.com")
      expect(found.status).toBe(200)
      expect(found.body.contacts.map((contact: { email: string }) => contact.email)).toEqual(["jane+shop@example.com"])
      expect(Object.keys(found.body.contacts[0])).toEqual(CONTACT_KEYS)
      expect(found.body.paging).toEqual({ previous: null, next: null, offset: 0, limit: 100 })
      const otherCase = await call("GET", "/contacts?email=JANE%2Bshop%40example.com")
      expect(otherCase.body.contacts).toEqual([])
    })

    it("pages through contacts with limit, after and paging.next", async () => {
      const emails = Array.from({ length: 5 }, (_, index) => `user${index}@example.com`)
      for (const email of emails) emulator.state.seedContact(emailContact(email))
      const seen: string[] = []
      let path: string | null = "/contacts?limit=2"
      let pages = 0
      while (path) {
        const reply = await call("GET", path)
        expect(reply.status).toBe(200)
        expect(reply.body.paging.limit).toBe(2)
        seen.push(...reply.body.contacts.map((contact: { email: string }) => contact.email))
        const next: string | null = reply.body.paging.next
        path = next && next.slice(emulator.url.length)
        pages++
      }
      expect(seen).toEqual(emails)
      expect(pages).toBe(3)
    })

    it("filters by email status, defaults to 100 per page and caps at 250", async () => {
      for (let index = 0; index < 260; index++) {
        const status = index % 2 === 0 ? "subscribed" : "unsubscribed"
        emulator.state.seedContact(emailContact(`user${index}@example.com`, status, "2024-01-01T00:00:00Z"))
      }
      const unsubscribed = await call("GET", "/contacts?status=unsubscribed&limit=200")
      expect(unsubscribed.body.contacts).toHaveLength(130)
      expect(unsubscribed.body.paging.next).toBeNull()
      expect(Object.keys(unsubscribed.body.contacts[0])).toEqual(CONTACT_KEYS)
      expect(new Set(unsubscribed.body.contacts.map((contact: { status: string }) => contact.status))).toEqual(
        new Set(["unsubscribed"])
      )
      const statuses = unsubscribed.body.contacts.map(
        (contact: { identifiers: Array<{ channels: { email: { status: string } } }> }) => contact.identifiers[0].channels.email.status
      )
      expect(new Set(statuses)).toEqual(new Set(["unsubscribed"]))
      const firstPage = await call("GET", "/contacts")
      expect(firstPage.body.contacts).toHaveLength(100)
      expect(firstPage.body.paging.next).toBe(`${emulator.url}/contacts?limit=100&after=${firstPage.body.contacts[99].contactID}`)
      const capped = await call("GET", "/contacts?limit=1000")
      expect(capped.body.contacts).toHaveLength(250)
      expect(capped.body.paging.limit).toBe(250)
      const filteredNext = await call("GET", "/contacts?status=subscribed&limit=100")
      expect(filteredNext.body.paging.next).toContain("status=subscribed")
    })

    it("rejects a bad limit, status or cursor", async () => {
      expect((await call("GET", "/contacts?limit=0")).status).toBe(400)
      expect((await call("GET", "/contacts?status=active")).status).toBe(400)
      expect((await call("GET", "/contacts?after=0123456789abcdef01234567")).status).toBe(400)
    })
  })
})
