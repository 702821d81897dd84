import { randomBytes } from "node:crypto"
import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNISEND_MODULE } from "../../src/modules/omnisend"
import type { OmnisendModuleService } from "../../src/modules/omnisend"
import { createAdminHeaders } from "../helpers/admin-session"
import { useOmnisendEmulator } from "../helpers/use-omnisend-emulator"

jest.setTimeout(120_000)

// Distinctive keys, so finding one in a response, a log line or the database cannot be a coincidence.
const GOOD_KEY = `good-${randomBytes(16).toString("hex")}`
const WRONG_KEY = `wrong-${randomBytes(16).toString("hex")}`
const FORBIDDEN_KEY = `forbidden-${randomBytes(16).toString("hex")}`
const KEYS = [GOOD_KEY, WRONG_KEY, FORBIDDEN_KEY]

const emulator = useOmnisendEmulator({ apiKeys: [GOOD_KEY], forbiddenApiKeys: [FORBIDDEN_KEY] })

// The key is set in Medusa Admin here, not in medusa-config.ts (an option given there is locked).
const configuredKey = process.env.OMNISEND_API_KEY
beforeAll(() => {
  delete process.env.OMNISEND_API_KEY
})
afterAll(() => {
  if (configuredKey !== undefined) {
    process.env.OMNISEND_API_KEY = configuredKey
  }
})

type Answer = { status: number; data: any }
const LOGGER_METHODS = ["activity", "progress", "error", "failure", "success", "info", "warn", "debug", "log", "panic"] as const

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbConnection }) => {
    let container: MedusaContainer
    let admin: { headers: Record<string, string> }
    let answers: string[]
    let logs: string[]
    let restoreCapture: Array<() => void>

    const omnisend = () => container.resolve<OmnisendModuleService>(OMNISEND_MODULE)
    // Real-time sync speaks to /contacts only (the scheduled backfill job may poll batches meanwhile).
    const omnisendCalls = () => emulator().state.requests().filter((request) => request.path.startsWith("/v3/contacts"))

    /** Every answer is kept, to prove no API key ever appears in one. */
    const send = async (method: "get" | "post", url: string, body?: unknown, headers = admin.headers): Promise<Answer> => {
      const config = { headers, validateStatus: () => true }
      const response = method === "get" ? await api.get(url, config) : await api.post(url, body, config)
      answers.push(`${method.toUpperCase()} ${url} -> ${response.status} ${JSON.stringify(response.data)}`)
      return { status: response.status, data: response.data }
    }
    const saveSettings = async (body: Record<string, unknown>) => {
      const answer = await send("post", "/admin/omnisend/settings", body)
      expect(answer.status).toBe(200)
      return answer.data.settings
    }
    const afterSync = async <T>(eventName: string, action: () => Promise<T>): Promise<T> => {
      const done = TestEventUtils.waitSubscribersExecution(eventName, container.resolve(Modules.EVENT_BUS), { timeout: 60_000 })
      const result = await action()
      await done
      return result
    }
    const createCustomer = async (email: string) => {
      const { data } = await afterSync("customer.created", (): Promise<{ data: any }> =>
        api.post("/admin/customers", { email, first_name: "Test" }, admin)
      )
      return data.customer as { id: string; email: string }
    }
    const ledgerOf = async (customerId: string) => {
      const [entry] = await omnisend().listSyncLedgerEntries({ customer_id: customerId })
      return entry
    }

    beforeEach(async () => {
      container = getContainer()
      emulator().reset()
      admin = await createAdminHeaders(container)
      answers = []
      logs = []
      // Whatever the log level, every logger and console call and every byte written to stdout/stderr is kept.
      const logger = container.resolve(ContainerRegistrationKeys.LOGGER) as unknown as Record<string, (...args: unknown[]) => unknown>
      const spies = LOGGER_METHODS.filter((method) => typeof logger[method] === "function").map((method) =>
        jest.spyOn(logger, method).mockImplementation((...args: unknown[]) => {
          logs.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg))).join(" "))
          return undefined
        })
      )
      const write = (stream: NodeJS.WriteStream) => {
        const original = stream.write.bind(stream)
        const spy = jest.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
          logs.push(String(chunk))
          return (original as (...args: unknown[]) => boolean)(chunk, ...rest)
        }) as typeof stream.write)
        return () => spy.mockRestore()
      }
      const consoleSpies = (["log", "info", "warn", "error", "debug"] as const).map((method) => {
        const original = console[method].bind(console)
        return jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          logs.push(args.map(String).join(" "))
          original(...args)
        })
      })
      restoreCapture = [
        ...[...spies, ...consoleSpies].map((spy) => () => spy.mockRestore()),
        write(process.stdout),
        write(process.stderr),
      ]
    })

    afterEach(() => {
      restoreCapture.forEach((restore) => restore())
      for (const key of KEYS) {
        expect(answers.filter((answer) => answer.includes(key))).toEqual([])
        expect(logs.filter((line) => line.includes(key))).toEqual([])
      }
    })

    it("every route answers 401 without an admin session", async () => {
      const routes: Array<["get" | "post", string]> = [
        ["get", "/admin/omnisend/settings"],
        ["post", "/admin/omnisend/settings"],
        ["post", "/admin/omnisend/settings/verify"],
        ["get", "/admin/omnisend/status"],
        ["get", "/admin/omnisend/customers/cus_1"],
        ["post", "/admin/omnisend/customers/cus_1/sync"],
      ]
      for (const [method, url] of routes) {
        const answer = await send(method, url, { api_key: GOOD_KEY }, {})
        expect({ url, status: answer.status }).toEqual({ url, status: 401 })
      }
    })

    it("saves settings with the key encrypted at rest and never returned", async () => {
      const initial = await send("get", "/admin/omnisend/settings")
      expect(initial.data.settings).toEqual({
        api_key: { set: false, last4: null, source: null, problem: null },
        enabled: true,
        consent_keys: {
          email: "email_marketing_consent",
          email_at: "email_marketing_consent_at",
          sms: "sms_marketing_consent",
          sms_at: "sms_marketing_consent_at",
        },
        tags: [],
        custom_property_keys: [],
        send_welcome_message: false,
        // integration-tests/setup.js turns the scheduled backfill off through medusa-config.ts.
        backfill_schedule_enabled: false,
        customer_deleted_action: "keep",
        locked_fields: ["backfill_schedule_enabled"],
        paused: null,
        sync_active: false,
        inactive_reason: "No Omnisend API key is saved yet: enter it in Settings -> Omnisend.",
      })

      const saved = await saveSettings({
        api_key: `  ${GOOD_KEY}\n`,
        consent_keys: { email: "newsletter", email_at: "newsletter_at", sms: "sms_ok", sms_at: "sms_ok_at" },
        tags: ["vip", "medusa store"],
        custom_property_keys: ["loyalty_tier"],
        send_welcome_message: true,
        customer_deleted_action: "unsubscribe",
      })
      expect(saved).toEqual(
        expect.objectContaining({
          api_key: { set: true, last4: GOOD_KEY.slice(-4), source: "admin", problem: null },
          consent_keys: { email: "newsletter", email_at: "newsletter_at", sms: "sms_ok", sms_at: "sms_ok_at" },
          tags: ["vip", "medusa store"],
          custom_property_keys: ["loyalty_tier"],
          send_welcome_message: true,
          customer_deleted_action: "unsubscribe",
          sync_active: true,
          inactive_reason: null,
        })
      )
      expect((await send("get", "/admin/omnisend/settings")).data.settings).toEqual(saved)

      const { rows } = await dbConnection.raw("select api_key_encrypted, api_key_last4 from omnisend_settings")
      expect(rows).toHaveLength(1)
      expect(rows[0].api_key_encrypted).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/)
      expect(rows[0].api_key_encrypted).not.toContain(GOOD_KEY)
      expect(Buffer.from(rows[0].api_key_encrypted.split(":")[3], "base64url").toString("utf8")).not.toContain(GOOD_KEY)
      expect(rows[0].api_key_last4).toBe(GOOD_KEY.slice(-4))
      // Encrypted, not hashed: the module reads it back, trimmed as pasted keys must be.
      expect(omnisend().unsealApiKey(rows[0].api_key_encrypted)).toBe(GOOD_KEY)

      // The merchant's settings are what the next sync maps with.
      const sync = await omnisend().getSyncSettings()
      expect(sync).toEqual(
        expect.objectContaining({ enabled: true, apiKey: GOOD_KEY, customerDeletedAction: "unsubscribe", backfillScheduleEnabled: false })
      )
      expect(sync.mapping).toEqual(
        expect.objectContaining({
          tags: ["vip", "medusa store"],
          customPropertyKeys: ["loyalty_tier"],
          sendWelcomeMessage: true,
          consentKeys: { email: "newsletter", emailAt: "newsletter_at", sms: "sms_ok", smsAt: "sms_ok_at" },
        })
      )
    })

    it("concurrent first saves leave one settings row with every change", async () => {
      await Promise.all([
        omnisend().upsertSettingsRecord({ tags: ["first"] }),
        omnisend().upsertSettingsRecord({ send_welcome_message: true }),
        omnisend().upsertSettingsRecord({ paused_reason: "rejected", paused_at: new Date() }),
      ])
      const { rows } = await dbConnection.raw("select tags, send_welcome_message, paused_reason from omnisend_settings")
      expect(rows).toEqual([{ tags: ["first"], send_welcome_message: true, paused_reason: "rejected" }])
    })

    it("answers 400 with a clear message for invalid settings, without echoing a key", async () => {
      const invalid: Array<[unknown, string]> = [
        [{ enabled: "yes" }, "enabled"],
        [{ send_welcome_message: 1 }, "send_welcome_message"],
        [{ api_key: [GOOD_KEY] }, "api_key must be an Omnisend API key"],
        [{ api_key: "two words" }, "api_key must be an Omnisend API key"],
        [{ api_key: "" }, "api_key must be an Omnisend API key"],
        [{ customer_deleted_action: "delete" }, "customer_deleted_action"],
        [{ consent_keys: { email: "newsletter" } }, "consent_keys"],
        [{ tags: [""] }, "tags"],
        [{ webhook_url: "https://example.com" }, "webhook_url"],
        [{}, "Send at least one setting to change"],
      ]
      for (const [body, message] of invalid) {
        const answer = await send("post", "/admin/omnisend/settings", body)
        expect({ body, status: answer.status }).toEqual({ body, status: 400 })
        expect(answer.data.message).toContain(message)
      }
      const { rows } = await dbConnection.raw("select count(*)::int as count from omnisend_settings")
      expect(rows[0].count).toBe(0)
    })

    it("settings/verify answers ok with the brand for a working key and the reason for a failing one", async () => {
      const missing = await send("post", "/admin/omnisend/settings/verify", {})
      expect(missing.data).toEqual({
        ok: false,
        error: { code: "OMNISEND_AUTH_FAILED", message: expect.stringContaining("No Omnisend API key is configured") },
        resumed: false,
      })

      const wrong = await send("post", "/admin/omnisend/settings/verify", { api_key: WRONG_KEY })
      expect(wrong.status).toBe(200)
      expect(wrong.data).toEqual({
        ok: false,
        error: { code: "OMNISEND_AUTH_FAILED", message: expect.stringContaining("Omnisend rejected the API key") },
        resumed: false,
      })
      const forbidden = await send("post", "/admin/omnisend/settings/verify", { api_key: FORBIDDEN_KEY })
      expect(forbidden.data.error.message).toContain("Omnisend refused access")

      const supplied = await send("post", "/admin/omnisend/settings/verify", { api_key: GOOD_KEY })
      expect(supplied.data).toEqual({
        ok: true,
        brand: { brand_id: expect.stringMatching(/^[0-9a-f]{24}$/), name: "Omnisend Emulator", website: "https://emulator.omnisend.local" },
        resumed: false,
      })
      // Testing a key does not save it.
      expect((await send("get", "/admin/omnisend/settings")).data.settings.api_key.set).toBe(false)

      await saveSettings({ api_key: GOOD_KEY })
      const saved = await send("post", "/admin/omnisend/settings/verify")
      expect(saved.data).toEqual(expect.objectContaining({ ok: true, brand: supplied.data.brand }))
      expect(emulator().state.requests().map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
        "GET /v3/accounts 401",
        "GET /v3/accounts 403",
        "GET /v3/accounts 200",
        "GET /v3/accounts 200",
      ])

      for (const body of [{ api_key: 42 }, { api_key: GOOD_KEY, brand: "x" }]) {
        const answer = await send("post", "/admin/omnisend/settings/verify", body)
        expect({ body, status: answer.status }).toEqual({ body, status: 400 })
      }
    })

    it("a disabled sync or a changed key applies to the next sync, without a restart", async () => {
      await saveSettings({ api_key: GOOD_KEY })
      const first = await createCustomer("first@example.com")
      expect(emulator().state.contactByEmail("first@example.com")).toBeDefined()
      expect((await ledgerOf(first.id)).state).toBe("synced")

      await saveSettings({ enabled: false })
      emulator().state.clearRequests()
      const quiet = await createCustomer("quiet@example.com")
      expect(omnisendCalls()).toEqual([])
      // Nothing sent, but written down: the retry job sends it once sync is on again.
      expect(await ledgerOf(quiet.id)).toEqual(
        expect.objectContaining({ state: "pending", last_sent: null, sync_requested_at: expect.any(Date) })
      )
      const refused = await send("post", `/admin/omnisend/customers/${quiet.id}/sync`)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toBe("Omnisend sync is turned off in Settings -> Omnisend.")

      await saveSettings({ enabled: true })
      const later = await createCustomer("later@example.com")
      expect((await ledgerOf(later.id)).state).toBe("synced")
      expect(emulator().state.contactByEmail("later@example.com")).toBeDefined()

      // A new key is used by the very next sync: this one is unknown to Omnisend.
      await saveSettings({ api_key: WRONG_KEY })
      emulator().state.clearRequests()
      const afterChange = await createCustomer("afterchange@example.com")
      expect(omnisendCalls().map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual(["POST /v3/contacts 401"])
      expect((await ledgerOf(afterChange.id)).last_error_code).toBe("OMNISEND_AUTH_FAILED")
    })

    it("a key Omnisend rejects pauses sync; a successful test of the saved key resumes it", async () => {
      await saveSettings({ api_key: GOOD_KEY })
      emulator().failNext({ status: 401, body: { error: "Unauthorized: invalid API key" } })
      const rejected = await createCustomer("rejected@example.com")

      const status = await send("get", "/admin/omnisend/status")
      expect(status.data.sync).toEqual({
        active: false,
        inactive_reason: expect.stringContaining("Omnisend sync is paused: Omnisend rejected the API key"),
        paused: { reason: expect.stringContaining("Omnisend rejected the API key"), paused_at: expect.any(String) },
      })
      // Held, not failed: the change is sent once the key is fixed.
      expect(status.data.counts).toEqual({ synced: 0, pending: 1, failed: 0, skipped: 0 })
      expect(status.data.failures).toEqual([
        {
          customer_id: rejected.id,
          email: "r***@e***.com",
          error_code: "OMNISEND_AUTH_FAILED",
          error_message: expect.stringContaining("Omnisend rejected the API key"),
          attempts: 1,
          last_attempt_at: expect.any(String),
          retrying: true,
          next_attempt_at: expect.any(String),
        },
      ])
      expect(logs.some((line) => line.includes("Omnisend: sync paused"))).toBe(true)

      // Paused: no more calls with the rejected key.
      emulator().state.clearRequests()
      const waiting = await createCustomer("waiting@example.com")
      expect(omnisendCalls()).toEqual([])
      expect((await send("get", "/admin/omnisend/settings")).data.settings.paused).not.toBeNull()

      // Another key that works does not resume the saved one.
      const other = await send("post", "/admin/omnisend/settings/verify", { api_key: GOOD_KEY.toUpperCase() })
      expect(other.data.ok).toBe(false)
      const otherGood = await send("post", "/admin/omnisend/settings/verify", { api_key: GOOD_KEY })
      expect(otherGood.data).toEqual(expect.objectContaining({ ok: true, resumed: true }))

      const resumed = await send("get", "/admin/omnisend/status")
      expect(resumed.data.sync).toEqual({ active: true, inactive_reason: null, paused: null })
      const retried = await send("post", `/admin/omnisend/customers/${waiting.id}/sync`)
      expect(retried.data.outcome).toEqual({ state: "synced", sent: "create" })
      expect(emulator().state.contactByEmail("waiting@example.com")).toBeDefined()

      // A 403 on a contact call is a passing block: retried, no pause.
      const forbidden = { status: 403, body: { error: "Forbidden - the server understood the request, but is refusing it" } }
      emulator().failNext(forbidden, forbidden, forbidden, forbidden)
      await createCustomer("blocked@example.com")
      expect((await send("get", "/admin/omnisend/settings")).data.settings.paused).toBeNull()

      // Saving a key lifts a pause too.
      emulator().failNext({ status: 401, body: { error: "Unauthorized - authorization error (invalid basic auth data or API key)" } })
      await createCustomer("rejected.again@example.com")
      expect((await send("get", "/admin/omnisend/settings")).data.settings.paused.reason).toContain("Omnisend rejected the API key")
      const saved = await saveSettings({ api_key: GOOD_KEY })
      expect(saved).toEqual(expect.objectContaining({ paused: null, sync_active: true }))
    })

    it("shows one customer's ledger entry and syncs that customer now", async () => {
      await saveSettings({ api_key: GOOD_KEY })
      emulator().failNext({ status: 400, body: { error: "Invalid data", fields: { "0": ["firstName: too long"] } } })
      const customer = await createCustomer("Ledger.Person@Example.com")

      const failed = await send("get", `/admin/omnisend/customers/${customer.id}`)
      expect(failed.data).toEqual({
        customer_id: customer.id,
        entry: expect.objectContaining({
          state: "failed",
          contact_id: null,
          attempts: 1,
          last_error_code: "OMNISEND_INVALID_DATA",
          last_error: expect.stringContaining("firstName: too long"),
        }),
      })
      const failures = (await send("get", "/admin/omnisend/status?failures_limit=5")).data.failures
      expect(failures.map((failure: { customer_id: string }) => failure.customer_id)).toEqual([customer.id])

      const synced = await send("post", `/admin/omnisend/customers/${customer.id}/sync`)
      expect(synced.status).toBe(200)
      const contact = emulator().state.contactByEmail("ledger.person@example.com")!
      expect(synced.data).toEqual({
        outcome: { state: "synced", sent: "create" },
        entry: expect.objectContaining({
          customer_id: customer.id,
          state: "synced",
          contact_id: contact.contactID,
          email: "l***@e***.com",
          email_status: "nonSubscribed",
          phone: null,
          sms_status: null,
          attempts: 0,
          last_error: null,
          last_synced_at: expect.any(String),
        }),
      })
      expect((await send("get", `/admin/omnisend/customers/${customer.id}`)).data.entry).toEqual(synced.data.entry)
      expect(answers.filter((answer) => answer.toLowerCase().includes("ledger.person@example.com"))).toEqual([])

      const status = await send("get", "/admin/omnisend/status")
      expect(status.data.counts).toEqual({ synced: 1, pending: 0, failed: 0, skipped: 0 })
      expect(status.data.failures).toEqual([])

      expect((await send("get", "/admin/omnisend/customers/cus_unknown")).data).toEqual({ customer_id: "cus_unknown", entry: null })
      const missing = await send("post", "/admin/omnisend/customers/cus_unknown/sync")
      expect(missing.status).toBe(404)
      const withBody = await send("post", `/admin/omnisend/customers/${customer.id}/sync`, { force: true })
      expect(withBody.status).toBe(400)
      expect(withBody.data.message).toContain("force")
      const badQuery = await send("get", "/admin/omnisend/status?failures_limit=0")
      expect(badQuery.status).toBe(400)
      expect(badQuery.data.message).toContain("failures_limit")
    })

    it("reports the latest backfill run's progress", async () => {
      await omnisend().createBackfillRuns({ mode: "full", status: "completed", started_at: new Date("2026-01-01T00:00:00Z"), total: 4, processed: 4, succeeded: 4 })
      await omnisend().createBackfillRuns({ mode: "full", status: "running", started_at: new Date("2026-01-02T00:00:00Z"), total: 8, processed: 2, succeeded: 1, failed: 1, batches: 1 })
      const { data } = await send("get", "/admin/omnisend/status")
      expect(data.backfill).toEqual(
        expect.objectContaining({ status: "running", dry_run: false, total: 8, processed: 2, succeeded: 1, failed: 1, progress: 0.25 })
      )
    })

    it("a setting given in medusa-config.ts is read-only in the admin", async () => {
      // This store's medusa-config.ts gives backfillScheduleEnabled (false, from integration-tests/setup.js).
      const answer = await send("post", "/admin/omnisend/settings", { backfill_schedule_enabled: true, enabled: false })
      expect(answer.status).toBe(400)
      expect(answer.data.message).toBe(
        "These Omnisend settings are set in medusa-config.ts and can only be changed there: backfill_schedule_enabled (option backfillScheduleEnabled)."
      )
      const { rows } = await dbConnection.raw("select count(*)::int as count from omnisend_settings")
      expect(rows[0].count).toBe(0)

      // A value stored for it anyway (e.g. before the option was added) does not override the option.
      await omnisend().upsertSettingsRecord({ backfill_schedule_enabled: true })
      expect((await send("get", "/admin/omnisend/settings")).data.settings).toEqual(
        expect.objectContaining({ backfill_schedule_enabled: false, locked_fields: ["backfill_schedule_enabled"] })
      )
      expect((await omnisend().getSyncSettings()).backfillScheduleEnabled).toBe(false)
      expect(await saveSettings({ enabled: false })).toEqual(expect.objectContaining({ enabled: false }))
    })
  },
})
