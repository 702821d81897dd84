import { startOmnisendEmulator, type OmnisendEmulator } from "../index"
import { createClient, emailContact, invalidDataError, phoneIdentifier } from "./emulator-client"

const STATUS_MESSAGE = "must be one of subscribed, unsubscribed, nonSubscribed"
const DATE_TIME_MESSAGE = "must be an ISO 8601 date-time (e.g. 2020-02-29T10:07:28Z)"
const COUNTRY_CODE_MESSAGE = "countryCode: must be exactly 2 letters (ISO 3166-1 alpha-2)"

function withIdentifier(identifier: Record<string, unknown>) {
  return { identifiers: [identifier] }
}

function withEmailChannel(channel: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return withIdentifier({ type: "email", id: "jane@example.com", channels: { email: channel }, ...extra })
}

function withField(field: string, value: unknown) {
  return { ...emailContact("jane@example.com"), [field]: value }
}

describe("Omnisend emulator: contact validation", () => {
  let emulator: OmnisendEmulator
  let call: ReturnType<typeof createClient>

  beforeAll(async () => {
    emulator = await startOmnisendEmulator()
    call = createClient(emulator)
  })
  afterAll(() => emulator.stop())
  beforeEach(() => emulator.reset())

  // One row per rule: [rule, POST body, the one message expected under fields["0"]].
  const rejected: Array<[string, unknown, string]> = [
    ["the body must be an object", [emailContact("jane@example.com")], "body: must be a JSON object"],
    ["identifiers are required", { firstName: "Jane" }, "identifiers: is required and must be a non-empty array"],
    ["identifiers must not be empty", { identifiers: [] }, "identifiers: is required and must be a non-empty array"],
    ["an identifier must be an object", { identifiers: ["jane@example.com"] }, "identifiers[0]: must be an object"],
    [
      "an identifier needs a known type",
      withIdentifier({ type: "sms", id: "+37060000001", channels: { sms: { status: "subscribed" } } }),
      'identifiers[0].type: must be "email" or "phone"',
    ],
    [
      "POST needs the identifier type",
      withIdentifier({ id: "jane@example.com", channels: { email: { status: "subscribed" } } }),
      'identifiers[0].type: must be "email" or "phone"',
    ],
    [
      "an identifier needs a non-empty id",
      withIdentifier({ type: "email", id: "", channels: { email: { status: "subscribed" } } }),
      "identifiers[0].id: is required and must be a non-empty string",
    ],
    [
      "channels are required in v3",
      withIdentifier({ type: "email", id: "jane@example.com" }),
      "identifiers[0].channels: is required and must be an object",
    ],
    [
      "an email identifier needs channels.email",
      withIdentifier({ type: "email", id: "jane@example.com", channels: { sms: { status: "subscribed" } } }),
      "identifiers[0].channels.email: is required for an email identifier",
    ],
    [
      "a phone identifier needs channels.sms",
      withIdentifier({ type: "phone", id: "+37060000001", channels: { email: { status: "subscribed" } } }),
      "identifiers[0].channels.sms: is required for a phone identifier",
    ],
    [
      "a channel must be an object",
      withIdentifier({ type: "email", id: "jane@example.com", channels: { email: "subscribed" } }),
      "identifiers[0].channels.email: must be an object",
    ],
    [
      "a channel status must be a known status",
      withIdentifier({ type: "email", id: "jane@example.com", channels: { email: { status: "active" } } }),
      `identifiers[0].channels.email.status: ${STATUS_MESSAGE}`,
    ],
    [
      "a channel status is required",
      withIdentifier({ type: "phone", id: "+37060000001", channels: { sms: { statusDate: "2020-02-29T10:07:28Z" } } }),
      `identifiers[0].channels.sms.status: ${STATUS_MESSAGE}`,
    ],
    [
      "statusDate must be an ISO 8601 date-time",
      withEmailChannel({ status: "subscribed", statusDate: "29/02/2020" }),
      `identifiers[0].channels.email.statusDate: ${DATE_TIME_MESSAGE}`,
    ],
    [
      "statusDate must be a real date",
      withEmailChannel({ status: "subscribed", statusDate: "2019-02-29T10:07:28Z" }),
      `identifiers[0].channels.email.statusDate: ${DATE_TIME_MESSAGE}`,
    ],
    [
      "an email id must look like an email",
      emailContact("jane.example.com"),
      "identifiers[0].id: must be a valid email address",
    ],
    [
      "a phone id must be E.164",
      withIdentifier(phoneIdentifier("0612345678")),
      "identifiers[0].id: must be a phone number in E.164 format (e.g. +14155550100)",
    ],
    [
      "sendWelcomeMessage on an identifier must be a boolean",
      withEmailChannel({ status: "subscribed" }, { sendWelcomeMessage: "yes" }),
      "identifiers[0].sendWelcomeMessage: must be a boolean",
    ],
    [
      "a contact has at most one identifier of each type",
      { identifiers: [...emailContact("jane@example.com").identifiers, ...emailContact("john@example.com").identifiers] },
      "identifiers[1]: only one email identifier is allowed per contact",
    ],
    ["gender is m or f", withField("gender", "female"), 'gender: must be "m" or "f"'],
    ["birthdate is YYYY-MM-DD", withField("birthdate", "02/05/1997"), "birthdate: must be a real date in YYYY-MM-DD format"],
    ["birthdate is a real date", withField("birthdate", "1997-02-30"), "birthdate: must be a real date in YYYY-MM-DD format"],
    ["countryCode has exactly 2 letters", withField("countryCode", "GBR"), COUNTRY_CODE_MESSAGE],
    ["countryCode holds letters only", withField("countryCode", "1A"), COUNTRY_CODE_MESSAGE],
    // The API reference: there is no documented way to clear these three; "" is refused.
    ["gender is not cleared by an empty string", withField("gender", ""), 'gender: must be "m" or "f"'],
    ["birthdate is not cleared by an empty string", withField("birthdate", ""), "birthdate: must be a real date in YYYY-MM-DD format"],
    ["countryCode is not cleared by an empty string", withField("countryCode", ""), COUNTRY_CODE_MESSAGE],
    ["tags is an array", withField("tags", "vip"), "tags: must be an array of strings"],
    ["tags hold strings", withField("tags", ["vip", 7]), "tags[1]: must be a string"],
    [
      "tags hold at most 100 entries",
      withField("tags", Array.from({ length: 101 }, (_, index) => `tag-${index}`)),
      "tags: at most 100 tags are allowed per request",
    ],
    ["customProperties is an object", withField("customProperties", ["shoeSize"]), "customProperties: must be an object"],
    [
      "customProperties keys are [A-Za-z0-9_]{1,128}",
      withField("customProperties", { "shoe-size": 42 }),
      "customProperties.shoe-size: key must match ^[A-Za-z0-9_]{1,128}$",
    ],
    [
      "customProperties keys are at most 128 characters",
      withField("customProperties", { ["k".repeat(129)]: 1 }),
      `customProperties.${"k".repeat(129)}: key must match ^[A-Za-z0-9_]{1,128}$`,
    ],
    [
      "customProperties values are string, number, boolean or string[]",
      withField("customProperties", { sizes: { eu: 42 } }),
      "customProperties.sizes: must be a string, number, boolean or array of strings",
    ],
    [
      "customProperties arrays hold only strings",
      withField("customProperties", { sizes: ["42", 43] }),
      "customProperties.sizes: must be a string, number, boolean or array of strings",
    ],
    ["sendWelcomeMessage is a boolean", withField("sendWelcomeMessage", 1), "sendWelcomeMessage: must be a boolean"],
    ["firstName is a string", withField("firstName", 42), "firstName: must be a string"],
    ["city is a string", withField("city", null), "city: must be a string"],
    ["createdAt is an ISO 8601 date-time", withField("createdAt", "yesterday"), `createdAt: ${DATE_TIME_MESSAGE}`],
  ]

  it.each(rejected)("POST /contacts rejects a body where %s", async (_rule, body, message) => {
    const reply = await call("POST", "/contacts", body)
    expect(reply.status).toBe(400)
    expect(reply.body).toEqual({ error: invalidDataError(1), fields: { "0": [message] } })
    expect(emulator.state.contacts()).toHaveLength(0)
  })

  it("reports every problem of a body, one message each", async () => {
    const reply = await call("POST", "/contacts", {
      identifiers: [{ type: "email", id: "nope", channels: { email: { status: "gone" } } }],
      gender: "x",
      countryCode: "G",
    })
    expect(reply.status).toBe(400)
    expect(reply.body.error).toBe(invalidDataError(4))
    expect(reply.body.fields["0"]).toEqual([
      "identifiers[0].id: must be a valid email address",
      `identifiers[0].channels.email.status: ${STATUS_MESSAGE}`,
      COUNTRY_CODE_MESSAGE,
      'gender: must be "m" or "f"',
    ])
  })

  it("accepts unknown top-level fields, empty free-text fields and a valid createdAt, answered in UTC whole seconds", async () => {
    const reply = await call("POST", "/contacts", {
      ...emailContact("jane@example.com"),
      favouriteColour: "green",
      firstName: "",
      city: "",
      createdAt: "2019-01-01T00:00:00.250+02:00",
      tags: Array.from({ length: 100 }, (_, index) => `tag-${index}`),
      customProperties: { shoe_size: 42, vip: true, sizes: ["M", "L"], note: "x" },
    })
    expect(reply.status).toBe(200)
    expect(reply.body).not.toHaveProperty("favouriteColour")
    expect(reply.body).toMatchObject({ firstName: "", city: "" })
    expect(reply.body.createdAt).toBe("2018-12-31T22:00:00Z")
    expect(reply.body.tags).toHaveLength(100)
  })

  describe("PATCH", () => {
    let contactID: string

    beforeEach(async () => {
      contactID = emulator.state.seedContact(emailContact("jane@example.com")).contactID
    })

    it("does not require identifiers", async () => {
      const reply = await call("PATCH", `/contacts/${contactID}`, { firstName: "Jane" })
      expect(reply.status).toBe(200)
      expect(reply.body.firstName).toBe("Jane")
    })

    it("applies the same field rules", async () => {
      const reply = await call("PATCH", `/contacts/${contactID}`, { birthdate: "1997-13-01", tags: "vip" })
      expect(reply.status).toBe(400)
      expect(reply.body).toEqual({
        error: invalidDataError(2),
        fields: { "0": ["birthdate: must be a real date in YYYY-MM-DD format", "tags: must be an array of strings"] },
      })
      expect(emulator.state.contactById(contactID)?.birthdate).toBeUndefined()
    })

    it("infers a missing identifier type from the id, then checks its format", async () => {
      const reply = await call("PATCH", `/contacts/${contactID}`, {
        identifiers: [{ id: "12345", channels: { sms: { status: "subscribed" } } }],
      })
      expect(reply.status).toBe(400)
      expect(reply.body.fields).toEqual({
        "0": ["identifiers[0].id: must be a phone number in E.164 format (e.g. +14155550100)"],
      })
    })

    it("still rejects an explicit unknown type", async () => {
      const reply = await call("PATCH", `/contacts/${contactID}`, {
        identifiers: [{ type: "fax", id: "jane@example.com", channels: { email: { status: "subscribed" } } }],
      })
      expect(reply.status).toBe(400)
      expect(reply.body.fields["0"]).toEqual(['identifiers[0].type: must be "email" or "phone"'])
    })

    it("rejects identifiers that are not an array", async () => {
      const reply = await call("PATCH", `/contacts/${contactID}`, { identifiers: { id: "jane@example.com" } })
      expect(reply.status).toBe(400)
      expect(reply.body.fields["0"]).toEqual(["identifiers: must be an array"])
    })
  })

  it("makes seedContact throw on an invalid body", () => {
    expect(() => emulator.state.seedContact({ identifiers: [] })).toThrow(/identifiers: is required/)
  })
})
