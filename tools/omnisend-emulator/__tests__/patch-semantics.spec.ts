import { patchSemanticsFromEnv, startOmnisendEmulator, type OmnisendEmulator } from "../index"
import { createClient, emailContact } from "./emulator-client"

// Omnisend does not say whether PATCH replaces or appends tags and customProperties: the emulator
// plays either, so the plugin can be proven correct both ways.
describe("Omnisend emulator: PATCH semantics for tags and customProperties", () => {
  let emulator: OmnisendEmulator
  let call: ReturnType<typeof createClient>

  const seeded = () =>
    emulator.state.seedContact({
      ...emailContact("jane@example.com"),
      tags: ["source: medusa", "vip"],
      customProperties: { medusa_customer_id: "cus_1", group: "retail" },
    })

  const patchAndRead = async (body: unknown) => {
    const { contactID } = seeded()
    expect((await call("PATCH", `/contacts/${contactID}`, body)).status).toBe(200)
    return (await call("GET", `/contacts/${contactID}`)).body
  }

  const PATCH_BODY = { tags: ["wholesale"], customProperties: { group: "wholesale" } }

  afterEach(() => emulator.stop())

  describe("through the options", () => {
    it("appends tags and merges customProperties by default", async () => {
      emulator = await startOmnisendEmulator()
      call = createClient(emulator)
      const contact = await patchAndRead(PATCH_BODY)
      expect(contact.tags).toEqual(["source: medusa", "vip", "wholesale"])
      expect(contact.customProperties).toEqual({ medusa_customer_id: "cus_1", group: "wholesale" })
    })

    it("replaces both when started with replace semantics", async () => {
      emulator = await startOmnisendEmulator({ patchSemantics: { tags: "replace", customProperties: "replace" } })
      call = createClient(emulator)
      const contact = await patchAndRead(PATCH_BODY)
      expect(contact.tags).toEqual(["wholesale"])
      expect(contact.customProperties).toEqual({ group: "wholesale" })
    })

    it("leaves tags and customProperties a PATCH does not send alone, whatever the semantics", async () => {
      emulator = await startOmnisendEmulator({ patchSemantics: { tags: "replace", customProperties: "replace" } })
      call = createClient(emulator)
      const contact = await patchAndRead({ firstName: "Jane" })
      expect(contact.tags).toEqual(["source: medusa", "vip"])
      expect(contact.customProperties).toEqual({ medusa_customer_id: "cus_1", group: "retail" })
    })

    it("switches with configure(), fills what it leaves out with the default, and reset() restores the start", async () => {
      emulator = await startOmnisendEmulator({ patchSemantics: { customProperties: "replace" } })
      call = createClient(emulator)
      emulator.configure({ patchSemantics: { tags: "replace" } })
      const configured = await patchAndRead(PATCH_BODY)
      expect(configured.tags).toEqual(["wholesale"])
      expect(configured.customProperties).toEqual({ medusa_customer_id: "cus_1", group: "wholesale" })

      emulator.reset()
      const restored = await patchAndRead(PATCH_BODY)
      expect(restored.tags).toEqual(["source: medusa", "vip", "wholesale"])
      expect(restored.customProperties).toEqual({ group: "wholesale" })
    })

    it("does not change what a POST to an existing email does", async () => {
      emulator = await startOmnisendEmulator({ patchSemantics: { tags: "replace", customProperties: "replace" } })
      call = createClient(emulator)
      seeded()
      const reply = await call("POST", "/contacts", { ...emailContact("jane@example.com"), ...PATCH_BODY })
      expect(reply.body.tags).toEqual(["source: medusa", "vip", "wholesale"])
      expect(reply.body.customProperties).toEqual({ medusa_customer_id: "cus_1", group: "wholesale" })
    })
  })
})

describe("patchSemanticsFromEnv", () => {
  const env = (value?: string) => (value === undefined ? {} : { OMNISEND_EMULATOR_PATCH_SEMANTICS: value })

  it("defaults to append-merge when the variable is unset or empty", () => {
    expect(patchSemanticsFromEnv(env())).toEqual({ tags: "append", customProperties: "merge" })
    expect(patchSemanticsFromEnv(env(""))).toEqual({ tags: "append", customProperties: "merge" })
  })

  it.each([
    ["append-merge", { tags: "append", customProperties: "merge" }],
    ["replace-replace", { tags: "replace", customProperties: "replace" }],
    ["append-replace", { tags: "append", customProperties: "replace" }],
    ["replace-merge", { tags: "replace", customProperties: "merge" }],
  ])("reads %s", (value, expected) => {
    expect(patchSemanticsFromEnv(env(value))).toEqual(expected)
  })

  it("refuses an unknown value, naming the variable, the value and the choices", () => {
    expect(() => patchSemanticsFromEnv(env("replace"))).toThrow(
      'OMNISEND_EMULATOR_PATCH_SEMANTICS must be one of "append-merge", "replace-replace", "append-replace", "replace-merge" (tags-customProperties), got "replace"'
    )
    expect(() => patchSemanticsFromEnv(env("toString"))).toThrow(/got "toString"/)
  })

  it("reads process.env when given nothing", () => {
    const previous = process.env.OMNISEND_EMULATOR_PATCH_SEMANTICS
    process.env.OMNISEND_EMULATOR_PATCH_SEMANTICS = "replace-replace"
    try {
      expect(patchSemanticsFromEnv()).toEqual({ tags: "replace", customProperties: "replace" })
    } finally {
      if (previous === undefined) delete process.env.OMNISEND_EMULATOR_PATCH_SEMANTICS
      else process.env.OMNISEND_EMULATOR_PATCH_SEMANTICS = previous
    }
  })
})
