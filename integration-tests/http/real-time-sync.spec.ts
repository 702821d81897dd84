import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNISEND_MODULE } from "../../src/modules/omnisend"
import type { OmnisendModuleService } from "../../src/modules/omnisend"
import { OMNISEND_CUSTOMER_SYNC_REQUESTED } from "../../src/workflows/omnisend-events"
import { syncCustomerToOmnisendWorkflow } from "../../src/workflows/sync-customer-to-omnisend"
import { NO_CONSENT_STATUS_DATE } from "../../src/mapping"
import { createAdminHeaders } from "../helpers/admin-session"
import { createPublishableKey, registerStorefrontCustomer } from "../helpers/storefront-customer"
import { useOmnisendEmulator } from "../helpers/use-omnisend-emulator"

jest.setTimeout(120_000)

// Read by medusa-config.ts when the runner loads it: gender and birthdate come from these metadata keys.
process.env.OMNISEND_BIRTHDATE_KEY = "birthdate"
process.env.OMNISEND_GENDER_KEY = "gender"

const emulator = useOmnisendEmulator()

// Every contact carries its purchase history, empty for a customer without orders.
const NO_PURCHASE_HISTORY = {
  medusa_orders_count: 0,
  medusa_total_spent: 0,
  medusa_total_spent_currency: "",
  medusa_first_order_at: "",
  medusa_last_order_at: "",
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: { headers: Record<string, string> }
    let publishableKey: string

    const omnisend = () => container.resolve<OmnisendModuleService>(OMNISEND_MODULE)
    const ledgerOf = async (customerId: string) => {
      const [entry] = await omnisend().listSyncLedgerEntries({ customer_id: customerId })
      return entry
    }
    /** Runs `action` and resolves once the subscribers of `count` `eventName` events have finished. */
    const afterSync = async <T>(eventName: string, action: () => Promise<T>, count = 1): Promise<T> => {
      const done = TestEventUtils.waitSubscribersExecution(eventName, container.resolve(Modules.EVENT_BUS), {
        triggerCount: count,
        timeout: 60_000,
      })
      const result = await action()
      await done
      return result
    }
    const omnisendCalls = () => emulator().state.requests().filter((request) => request.method !== "GET")

    beforeEach(async () => {
      container = getContainer()
      emulator().reset()
      admin = await createAdminHeaders(container)
      publishableKey = await createPublishableKey(container)
    })

    describe("customers created in Medusa", () => {
      it("POST /admin/customers creates the exact contact the mapping promises", async () => {
        const { data } = await afterSync("customer.created", () =>
          api.post(
            "/admin/customers",
            { email: "Ada.Lovelace@Example.com", first_name: "Ada", last_name: "Lovelace", phone: "+44 20 7946 0958" },
            admin
          )
        )
        const customer = data.customer

        const contacts = emulator().state.contacts()
        expect(contacts).toHaveLength(1)
        expect(contacts[0]).toEqual(
          expect.objectContaining({
            email: "ada.lovelace@example.com",
            phone: "+442079460958",
            firstName: "Ada",
            lastName: "Lovelace",
            tags: ["source: medusa"],
            customProperties: { medusa_customer_id: customer.id, ...NO_PURCHASE_HISTORY },
            // Omnisend answers dates to the second.
            createdAt: new Date(customer.created_at).toISOString().replace(/\.\d{3}Z$/, "Z"),
          })
        )
        expect(contacts[0].identifiers).toEqual([
          { type: "email", id: "ada.lovelace@example.com", channels: { email: { status: "nonSubscribed", statusDate: NO_CONSENT_STATUS_DATE } } },
          { type: "phone", id: "+442079460958", channels: { sms: { status: "nonSubscribed", statusDate: NO_CONSENT_STATUS_DATE } } },
        ])
        expect(omnisendCalls().map((call) => `${call.method} ${call.path}`)).toEqual(["POST /v3/contacts"])

        const entry = await ledgerOf(customer.id)
        expect(entry).toEqual(
          expect.objectContaining({
            state: "synced",
            contact_id: contacts[0].contactID,
            email: "ada.lovelace@example.com",
            attempts: 0,
            last_error: null,
          })
        )
        expect(entry.last_sent_hash).toMatch(/^[0-9a-f]{64}$/)
      })

      it("storefront registration with consent subscribes the contact, dated when consent was given", async () => {
        const consentAt = "2026-11-20T09:30:00.000Z"
        const { customer } = await afterSync("customer.created", () =>
          registerStorefrontCustomer(api, publishableKey, {
            email: "grace@example.com",
            first_name: "Grace",
            last_name: "Hopper",
            metadata: { email_marketing_consent: true, email_marketing_consent_at: consentAt },
          })
        )

        const contact = emulator().state.contactByEmail("grace@example.com")!
        expect(contact).toEqual(expect.objectContaining({ firstName: "Grace", lastName: "Hopper" }))
        expect(contact.identifiers[0].channels.email).toEqual({ status: "subscribed", statusDate: consentAt })
        expect(contact.customProperties).toEqual({ medusa_customer_id: customer.id, ...NO_PURCHASE_HISTORY })
      })

      it("a customer without consent evidence is nonSubscribed", async () => {
        await afterSync("customer.created", () =>
          registerStorefrontCustomer(api, publishableKey, { email: "plain@example.com", first_name: "Plain" })
        )
        expect(emulator().state.contactByEmail("plain@example.com")!.identifiers[0].channels.email!.status).toBe("nonSubscribed")
      })

      it("consent without a date is dated when the plugin first saw it, not by later unrelated saves", async () => {
        const before = Date.now()
        const { data } = await afterSync("customer.created", () =>
          api.post("/admin/customers", { email: "firstseen@example.com", metadata: { email_marketing_consent: true } }, admin)
        )
        const after = Date.now()
        const contact = () => emulator().state.contactByEmail("firstseen@example.com")!
        const firstDate = contact().identifiers[0].channels.email!.statusDate
        expect(new Date(firstDate).getTime()).toBeGreaterThanOrEqual(before - 1000)
        expect(new Date(firstDate).getTime()).toBeLessThanOrEqual(after)

        emulator().state.clearRequests()
        await afterSync("customer.updated", () =>
          api.post(`/admin/customers/${data.customer.id}`, { last_name: "Later", metadata: { email_marketing_consent: true } }, admin)
        )
        const patches = omnisendCalls()
        expect(patches).toHaveLength(1)
        expect(patches[0].body).toEqual({ lastName: "Later" })
        expect(contact().identifiers[0].channels.email!.statusDate).toBe(firstDate)
        expect((await ledgerOf(data.customer.id)).consent.email.evidenceAt).toBe(firstDate)
      })

      it("a contact already subscribed in Omnisend stays subscribed when the same person registers without consent", async () => {
        emulator().state.seedContact({
          identifiers: [
            { type: "email", id: "signup@example.com", channels: { email: { status: "subscribed", statusDate: "2025-06-01T12:00:00Z" } } },
          ],
          firstName: "Form",
        })
        await afterSync("customer.created", () =>
          registerStorefrontCustomer(api, publishableKey, { email: "signup@example.com", first_name: "Registered" })
        )

        const contacts = emulator().state.contacts()
        expect(contacts).toHaveLength(1)
        expect(contacts[0].firstName).toBe("Registered")
        expect(contacts[0].identifiers[0].channels.email).toEqual({ status: "subscribed", statusDate: "2025-06-01T12:00:00Z" })
      })

      it("mixed-case and space-padded emails become one contact", async () => {
        const registered = await afterSync("customer.created", () =>
          api.post("/admin/customers", { email: "Mixed.Case@Example.COM", first_name: "Mixed" }, admin)
        )
        // A guest checkout stores the email as typed; it reaches Omnisend through order.placed.
        const guest = await container.resolve(Modules.CUSTOMER).createCustomers({ email: "  mixed.case@example.com ", has_account: false })
        await afterSync(OMNISEND_CUSTOMER_SYNC_REQUESTED, () =>
          container.resolve(Modules.EVENT_BUS).emit({ name: OMNISEND_CUSTOMER_SYNC_REQUESTED, data: { id: guest.id } })
        )

        const contacts = emulator().state.contacts()
        expect(contacts).toHaveLength(1)
        expect(contacts[0].email).toBe("mixed.case@example.com")
        expect((await ledgerOf(registered.data.customer.id)).contact_id).toBe(contacts[0].contactID)
        expect((await ledgerOf(guest.id)).contact_id).toBe(contacts[0].contactID)
      })

      it("an invalid phone is left out and the reason recorded; the rest of the contact syncs", async () => {
        const { data } = await afterSync("customer.created", () =>
          api.post("/admin/customers", { email: "badphone@example.com", phone: "12345", first_name: "Bad" }, admin)
        )
        const contact = emulator().state.contactByEmail("badphone@example.com")!
        expect(contact.phone).toBeUndefined()
        expect(contact.identifiers.map((identifier) => identifier.type)).toEqual(["email"])
        const entry = await ledgerOf(data.customer.id)
        expect(entry.state).toBe("synced")
        expect(entry.warnings).toEqual([expect.objectContaining({ code: "invalid_phone" })])
        expect(JSON.stringify(entry.warnings)).not.toContain("12345")
      })
    })

    describe("customers updated in Medusa", () => {
      const createCustomer = async (body: Record<string, unknown>) => {
        const { data } = await afterSync("customer.created", () => api.post("/admin/customers", body, admin))
        emulator().state.clearRequests()
        return data.customer
      }

      it("two syncs of one customer at once run one after the other: one PATCH, not two", async () => {
        const customer = await createCustomer({ email: "locked@example.com", first_name: "One" })
        // Changed without an event, then synced twice at once while Omnisend is slow.
        await container.resolve(Modules.CUSTOMER).updateCustomers(customer.id, { first_name: "Two" })
        emulator().configure({ faults: { latencyMs: 300 } })
        const sync = () => syncCustomerToOmnisendWorkflow(container).run({ input: { customer_id: customer.id } })
        await Promise.all([sync(), sync()])
        expect(omnisendCalls().filter((call) => call.method === "PATCH")).toHaveLength(1)
        expect(emulator().state.contactByEmail("locked@example.com")!.firstName).toBe("Two")
      })

      it("POST /admin/customers/:id patches only the changed fields", async () => {
        const customer = await createCustomer({ email: "patch@example.com", first_name: "Old", last_name: "Name" })
        const contactId = (await ledgerOf(customer.id)).contact_id

        await afterSync("customer.updated", () =>
          api.post(`/admin/customers/${customer.id}`, { first_name: "New" }, admin)
        )

        const calls = omnisendCalls()
        expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([`PATCH /v3/contacts/${contactId}`])
        expect(calls[0].body).toEqual({ firstName: "New" })
        expect(emulator().state.contactById(contactId)).toEqual(expect.objectContaining({ firstName: "New", lastName: "Name" }))
      })

      it("an unchanged save makes zero Omnisend calls", async () => {
        const customer = await createCustomer({ email: "same@example.com", first_name: "Same" })
        await afterSync("customer.updated", () =>
          api.post(`/admin/customers/${customer.id}`, { first_name: "Same" }, admin)
        )
        expect(emulator().state.requests()).toEqual([])
        expect((await ledgerOf(customer.id)).state).toBe("synced")
      })

      it("ten rapid updates leave one contact with the latest data", async () => {
        const customer = await createCustomer({ email: "rapid@example.com", first_name: "Start" })
        await afterSync(
          "customer.updated",
          async () => {
            for (let i = 1; i <= 10; i++) {
              await api.post(`/admin/customers/${customer.id}`, { first_name: `Name ${i}`, last_name: `Last ${i}` }, admin)
            }
          },
          10
        )
        const contacts = emulator().state.contacts()
        expect(contacts).toHaveLength(1)
        expect(contacts[0]).toEqual(expect.objectContaining({ firstName: "Name 10", lastName: "Last 10" }))
        expect(emulator().state.requests().filter((request) => request.method === "POST")).toEqual([])
      })

      it("a contact unsubscribed in Omnisend after the consent date stays unsubscribed through profile updates", async () => {
        const customer = await createCustomer({
          email: "unsub@example.com",
          metadata: { email_marketing_consent: true, email_marketing_consent_at: "2026-01-01T00:00:00.000Z" },
        })
        const contactId = (await ledgerOf(customer.id)).contact_id
        // The person clicks "unsubscribe" in an Omnisend email.
        const unsubscribe = await fetch(`${emulator().url}/contacts/${contactId}`, {
          method: "PATCH",
          headers: { "content-type": "application/json", "x-api-key": emulator().apiKey },
          body: JSON.stringify({
            identifiers: [{ id: "unsub@example.com", channels: { email: { status: "unsubscribed", statusDate: "2026-02-01T00:00:00Z" } } }],
          }),
        })
        expect(unsubscribe.status).toBe(200)

        await afterSync("customer.updated", () => api.post(`/admin/customers/${customer.id}`, { first_name: "Still" }, admin))
        await afterSync("customer.updated", () => api.post(`/admin/customers/${customer.id}`, { last_name: "Unsubscribed" }, admin))

        const contact = emulator().state.contactById(contactId)!
        expect(contact).toEqual(expect.objectContaining({ firstName: "Still", lastName: "Unsubscribed" }))
        expect(contact.identifiers[0].channels.email!.status).toBe("unsubscribed")
      })

      it("POST /store/customers/me patches the contact", async () => {
        const { customer, headers } = await afterSync("customer.created", () =>
          registerStorefrontCustomer(api, publishableKey, { email: "me@example.com", first_name: "Me" })
        )
        await afterSync("customer.updated", () =>
          api.post("/store/customers/me", { last_name: "Myself", metadata: { sms_marketing_consent: true } }, { headers })
        )
        const contact = emulator().state.contactByEmail("me@example.com")!
        expect(contact).toEqual(expect.objectContaining({ firstName: "Me", lastName: "Myself" }))
        expect((await ledgerOf(customer.id)).consent.sms.evidence).toBe(true)
      })

      it("storefront address create and update reach the contact; the address phone is not sent (it may be someone else's)", async () => {
        const { customer, headers } = await afterSync("customer.created", () =>
          registerStorefrontCustomer(api, publishableKey, { email: "address@example.com", first_name: "Addy" })
        )
        const created = await afterSync(OMNISEND_CUSTOMER_SYNC_REQUESTED, () =>
          api.post(
            "/store/customers/me/addresses",
            {
              address_1: "10 Downing Street",
              address_2: "Flat 1",
              city: "London",
              province: "Greater London",
              postal_code: "SW1A 2AA",
              country_code: "gb",
              phone: "020 7946 0958",
            },
            { headers }
          )
        )
        const contact = () => emulator().state.contactByEmail("address@example.com")!
        expect(contact()).toEqual(
          expect.objectContaining({
            address: "10 Downing Street, Flat 1",
            city: "London",
            state: "Greater London",
            postalCode: "SW1A 2AA",
            countryCode: "GB",
            country: "United Kingdom",
          })
        )
        expect(contact().phone).toBeUndefined()

        const addressId = created.data.customer.addresses[0].id
        await afterSync(OMNISEND_CUSTOMER_SYNC_REQUESTED, () =>
          api.post(`/store/customers/me/addresses/${addressId}`, { city: "Westminster" }, { headers })
        )
        expect(contact().city).toBe("Westminster")
        expect((await ledgerOf(customer.id)).address_id).toBe(addressId)

        await afterSync(OMNISEND_CUSTOMER_SYNC_REQUESTED, () =>
          api.delete(`/store/customers/me/addresses/${addressId}`, { headers })
        )
        // The contact's location came from that address: its text is cleared in Omnisend. The country
        // code stays: Omnisend refuses "" for it and offers no way to clear it.
        const { address, city, countryCode, country, postalCode } = contact()
        expect({ address, city, countryCode, country, postalCode }).toEqual({
          address: undefined,
          city: undefined,
          countryCode: "GB",
          country: undefined,
          postalCode: undefined,
        })
        const patches = emulator().state.requests().filter((request) => request.method === "PATCH")
        expect(JSON.stringify(patches.map((request) => request.body))).not.toContain('"countryCode":""')
      })

      it("an email change creates a contact for the new email and keeps the old contact in the ledger's history", async () => {
        const customer = await createCustomer({ email: "before@example.com", first_name: "Mover" })
        const oldContactId = (await ledgerOf(customer.id)).contact_id

        await afterSync("customer.updated", () => api.post(`/admin/customers/${customer.id}`, { email: "after@example.com" }, admin))

        const newContact = emulator().state.contactByEmail("after@example.com")!
        expect(newContact).toEqual(expect.objectContaining({ firstName: "Mover" }))
        expect(emulator().state.contactById(oldContactId)!.email).toBe("before@example.com")
        const entry = await ledgerOf(customer.id)
        expect(entry.contact_id).toBe(newContact.contactID)
        expect(entry.previous_contacts).toEqual([
          expect.objectContaining({ contact_id: oldContactId, email: "before@example.com" }),
        ])
      })

      it("a contact deleted in Omnisend is recorded, left deleted by syncs and backfills, and re-created on request", async () => {
        const customer = await createCustomer({ email: "gone@example.com", first_name: "Gone" })
        emulator().failNext({ status: 404, body: { error: "Contact not found" } })
        await afterSync("customer.updated", () => api.post(`/admin/customers/${customer.id}`, { first_name: "Back" }, admin))
        expect(omnisendCalls().map((call) => call.method)).toEqual(["PATCH"])
        const shown = await api.get(`/admin/omnisend/customers/${customer.id}`, admin)
        expect(shown.data.entry).toEqual(
          expect.objectContaining({ state: "failed", last_error_code: "OMNISEND_CONTACT_DELETED", last_error: expect.stringContaining("Re-create") })
        )

        // Later changes and a backfill send nothing for it.
        emulator().state.clearRequests()
        await afterSync("customer.updated", () => api.post(`/admin/customers/${customer.id}`, { last_name: "Again" }, admin))
        await api.post("/admin/omnisend/backfill", {}, admin)
        for (let tries = 0; tries < 100; tries++) {
          if ((await api.get("/admin/omnisend/backfill", admin)).data.run?.status === "completed") break
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        expect(omnisendCalls()).toEqual([])
        expect((await ledgerOf(customer.id)).last_error_code).toBe("OMNISEND_CONTACT_DELETED")

        // The merchant's Re-create creates it from the whole customer, without a welcome message.
        const recreated = await api.post(`/admin/omnisend/customers/${customer.id}/recreate`, {}, admin)
        expect(recreated.data.outcome).toEqual({ state: "synced", sent: "create" })
        expect(recreated.data.entry).toEqual(expect.objectContaining({ state: "synced", last_error_code: null }))
        expect(omnisendCalls().map((call) => `${call.method} ${call.path}`)).toEqual(["POST /v3/contacts"])
        expect(JSON.stringify(omnisendCalls()[0].body)).not.toContain("sendWelcomeMessage")
      })
    })

    describe("failures and conflicts", () => {
      it("a failure is recorded in the ledger with its reason and attempts, and never fails the request", async () => {
        emulator().failNext({ status: 400, body: { error: "Invalid data", fields: { "0": ["firstName: too long"] } } })
        const { data } = await afterSync("customer.created", () =>
          api.post("/admin/customers", { email: "fails@example.com", first_name: "Fail" }, admin)
        )
        const entry = await ledgerOf(data.customer.id)
        expect(entry).toEqual(expect.objectContaining({ state: "failed", attempts: 1, last_error_code: "OMNISEND_INVALID_DATA" }))
        expect(entry.last_error).toContain("firstName: too long")

        // The next change retries the create and clears the failure.
        await afterSync("customer.updated", () => api.post(`/admin/customers/${data.customer.id}`, { first_name: "Fixed" }, admin))
        expect(await ledgerOf(data.customer.id)).toEqual(expect.objectContaining({ state: "synced", attempts: 0, last_error: null }))
        expect(emulator().state.contactByEmail("fails@example.com")!.firstName).toBe("Fixed")
      })

      it("records an identifier Omnisend ignored because another contact owns it", async () => {
        emulator().state.seedContact({
          identifiers: [{ type: "phone", id: "+14155552671", channels: { sms: { status: "subscribed", statusDate: "2025-01-01T00:00:00Z" } } }],
        })
        const { data } = await afterSync("customer.created", () =>
          api.post("/admin/customers", { email: "conflict@example.com", phone: "+1 415 555 2671" }, admin)
        )
        expect(emulator().state.contactByEmail("conflict@example.com")!.phone).toBeUndefined()
        const entry = await ledgerOf(data.customer.id)
        expect(entry.state).toBe("synced")
        expect(entry.warnings).toEqual([expect.objectContaining({ code: "identifier_conflict", identifier_type: "phone" })])
        expect(entry.warnings[0].message).toContain("another Omnisend contact already uses it")
        // The ledger tells the truth: the phone is not held, and its SMS status was not delivered.
        expect((entry.last_sent as any).phone).toBeNull()
        expect((entry.consent as any).sms).not.toHaveProperty("sentStatus")

        // Tried again when something changes.
        emulator().state.clearRequests()
        await afterSync("customer.updated", () => api.post(`/admin/customers/${data.customer.id}`, { first_name: "Later" }, admin))
        const patch = omnisendCalls().find((call) => call.method === "PATCH")!
        expect(JSON.stringify(patch.body)).toContain("+14155552671")
      })
    })

    describe("Omnisend's real answers", () => {
      const createCustomer = async (body: Record<string, unknown>) => {
        const { data } = await afterSync("customer.created", () => api.post("/admin/customers", body, admin))
        return data.customer
      }
      const update = (id: string, body: Record<string, unknown>) =>
        afterSync("customer.updated", () => api.post(`/admin/customers/${id}`, body, admin))

      it("a customer created without a phone, then updated, is synced with no warning", async () => {
        // POST /contacts answers the whole contact with "phone": null and "customProperties": null.
        const customer = await createCustomer({ email: "nophone@example.com", first_name: "No" })
        expect(await ledgerOf(customer.id)).toEqual(expect.objectContaining({ state: "synced", warnings: [], last_error: null }))
        const contactId = (await ledgerOf(customer.id)).contact_id
        expect(contactId).toBe(emulator().state.contactByEmail("nophone@example.com")!.contactID)

        await update(customer.id, { last_name: "Phone" })
        expect(await ledgerOf(customer.id)).toEqual(
          expect.objectContaining({ state: "synced", contact_id: contactId, warnings: [], attempts: 0, last_error: null })
        )
        expect(emulator().state.contactByEmail("nophone@example.com")!.lastName).toBe("Phone")
      })

      it("a PATCH carrying a phone reports no conflict when Omnisend kept it, and one when another contact owns it", async () => {
        const customer = await createCustomer({ email: "patchphone@example.com" })
        await update(customer.id, { phone: "+44 20 7946 0001" })
        expect(emulator().state.contactByEmail("patchphone@example.com")!.phone).toBe("+442079460001")
        expect((await ledgerOf(customer.id)).warnings).toEqual([])

        emulator().state.seedContact({
          identifiers: [{ type: "phone", id: "+442079460002", channels: { sms: { status: "subscribed", statusDate: "2025-01-01T00:00:00Z" } } }],
        })
        await update(customer.id, { phone: "+44 20 7946 0002" })
        const entry = await ledgerOf(customer.id)
        expect(entry.state).toBe("synced")
        expect(entry.warnings).toEqual([expect.objectContaining({ code: "identifier_conflict" })])
        // The conflict is read from the contact, since PATCH answers no identifiers.
        const lookups = emulator().state.requests().filter((request) => request.method === "GET" && request.path.startsWith("/v3/contacts/"))
        expect(lookups.length).toBeGreaterThanOrEqual(2)
      })

      it("clearing gender, birthdate and country in Medusa never sends a value Omnisend refuses", async () => {
        const customer = await createCustomer({
          email: "cleared@example.com",
          first_name: "Clear",
          metadata: { birthdate: "1990-05-01", gender: "f" },
        })
        await update(customer.id, { first_name: "Cleared", metadata: { birthdate: null, gender: null } })
        await update(customer.id, { last_name: "Later" })

        const entry = await ledgerOf(customer.id)
        expect(entry).toEqual(expect.objectContaining({ state: "synced", attempts: 0, last_error: null }))
        expect(emulator().state.contactByEmail("cleared@example.com")).toEqual(
          expect.objectContaining({ firstName: "Cleared", lastName: "Later" })
        )
        const bodies = JSON.stringify(emulator().state.requests().map((request) => request.body))
        expect(bodies).not.toMatch(/"(gender|birthdate|countryCode)":""/)
      })

      it("a temporary 403 block is retried and never pauses the sync; a 401 pauses it", async () => {
        const forbidden = { status: 403, body: { error: "Forbidden - the server understood the request, but is refusing it" } }
        emulator().failNext(forbidden, forbidden)
        const blocked = await createCustomer({ email: "blocked@example.com" })
        expect(await ledgerOf(blocked.id)).toEqual(expect.objectContaining({ state: "synced" }))
        expect((await omnisend().getSyncSettings()).enabled).toBe(true)
        expect(emulator().state.requests().some((request) => request.status === 403)).toBe(true)

        emulator().failNext({ status: 401, body: { error: "Unauthorized - authorization error (invalid basic auth data or API key)" } })
        const rejected = await createCustomer({ email: "rejected@example.com" })
        // Held, not failed: the change is sent once the key is fixed.
        expect(await ledgerOf(rejected.id)).toEqual(
          expect.objectContaining({ state: "pending", last_error_code: "OMNISEND_AUTH_FAILED", sync_requested_at: expect.any(Date) })
        )
        const settings = await omnisend().getSyncSettings()
        expect(settings.enabled).toBe(false)
      })
    })

    describe("guests and deletions", () => {
      it("a guest customer is synced when their order is placed", async () => {
        const guest = await container.resolve(Modules.CUSTOMER).createCustomers({ email: "guest@example.com", first_name: "Guest", has_account: false })
        const order = await container.resolve(Modules.ORDER).createOrders({ email: "guest@example.com", customer_id: guest.id, currency_code: "usd" })
        await afterSync("order.placed", () =>
          container.resolve(Modules.EVENT_BUS).emit({ name: "order.placed", data: { id: order.id } })
        )
        const contact = emulator().state.contactByEmail("guest@example.com")!
        expect(contact.firstName).toBe("Guest")
        expect(contact.identifiers[0].channels.email!.status).toBe("nonSubscribed")
        expect((await ledgerOf(guest.id)).state).toBe("synced")
      })

      it("customer.deleted is recorded and the contact is left in Omnisend by default", async () => {
        const { data } = await afterSync("customer.created", () =>
          api.post("/admin/customers", { email: "deleted@example.com", metadata: { email_marketing_consent: true } }, admin)
        )
        await afterSync("customer.deleted", () => api.delete(`/admin/customers/${data.customer.id}`, admin))
        const entry = await ledgerOf(data.customer.id)
        expect(entry.customer_deleted_at).not.toBeNull()
        expect(emulator().state.contactByEmail("deleted@example.com")!.identifiers[0].channels.email!.status).toBe("subscribed")
      })

      it("with customer_deleted_action unsubscribe, deleting a customer unsubscribes both channels", async () => {
        await api.post("/admin/omnisend/settings", { customer_deleted_action: "unsubscribe" }, admin)
        const { data } = await afterSync("customer.created", () =>
          api.post(
            "/admin/customers",
            {
              email: "leaving@example.com",
              phone: "+14155552671",
              metadata: { email_marketing_consent: true, sms_marketing_consent: true },
            },
            admin
          )
        )
        await afterSync("customer.deleted", () => api.delete(`/admin/customers/${data.customer.id}`, admin))

        const contact = emulator().state.contactByEmail("leaving@example.com")!
        expect(contact.identifiers.map((identifier) => identifier.channels.email?.status ?? identifier.channels.sms?.status)).toEqual([
          "unsubscribed",
          "unsubscribed",
        ])
        const entry = await ledgerOf(data.customer.id)
        expect(entry).toEqual(expect.objectContaining({ state: "synced", last_error: null }))
        expect(entry.customer_deleted_at).not.toBeNull()
      })
    })
  },
})
