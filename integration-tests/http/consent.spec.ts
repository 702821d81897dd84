import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { OMNISEND_MODULE } from "../../src/modules/omnisend"
import type { OmnisendModuleService } from "../../src/modules/omnisend"
import { createAdminHeaders } from "../helpers/admin-session"
import { createPublishableKey, registerStorefrontCustomer } from "../helpers/storefront-customer"
import { useOmnisendEmulator } from "../helpers/use-omnisend-emulator"

jest.setTimeout(120_000)

const emulator = useOmnisendEmulator()

const REGISTERED_AT = "2020-03-01T10:00:00.000Z"
const UNSUBSCRIBED_IN_OMNISEND_AT = "2025-05-01T08:00:00.000Z"

/**
 * Consent as Omnisend must see it: a status the plugin cannot date never beats one Omnisend holds,
 * SMS consent goes only with the customer's own phone, and the welcome message greets only a new
 * subscriber.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: { headers: Record<string, string> }

    const omnisend = () => container.resolve<OmnisendModuleService>(OMNISEND_MODULE)
    const afterSync = async <T>(eventName: string, action: () => Promise<T>): Promise<T> => {
      const done = TestEventUtils.waitSubscribersExecution(eventName, container.resolve(Modules.EVENT_BUS), { timeout: 60_000 })
      const result = await action()
      await done
      return result
    }
    const emailChannel = (email: string) => emulator().state.contactByEmail(email)!.identifiers[0].channels.email!
    const postedContacts = () =>
      emulator()
        .state.requests()
        .filter((request) => request.method === "POST")
        .flatMap((request) => (request.path === "/v3/batches" ? (request.body as { items: unknown[] }).items : [request.body]))

    /**
     * A customer of the store from before the plugin: consent ticked at registration in 2020, no
     * date kept, never synced; the same person unsubscribed through an Omnisend email in 2025.
     */
    async function oldSubscriberUnsubscribedInOmnisend(email: string) {
      const [customer] = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers([{ email, first_name: "Old", metadata: { email_marketing_consent: true } }])
      await container
        .resolve(ContainerRegistrationKeys.PG_CONNECTION)
        .raw("UPDATE customer SET created_at = ?, updated_at = ? WHERE id = ?", [REGISTERED_AT, REGISTERED_AT, customer.id])
      emulator().state.seedContact({
        identifiers: [{ type: "email", id: email, channels: { email: { status: "unsubscribed", statusDate: UNSUBSCRIBED_IN_OMNISEND_AT } } }],
      })
      return customer
    }

    beforeEach(async () => {
      container = getContainer()
      emulator().reset()
      admin = await createAdminHeaders(container)
    })

    it("a profile save never re-subscribes an old subscriber who unsubscribed in Omnisend since", async () => {
      const customer = await oldSubscriberUnsubscribedInOmnisend("old.realtime@example.com")

      await afterSync("customer.updated", () => api.post(`/admin/customers/${customer.id}`, { first_name: "Renamed" }, admin))

      const sent = postedContacts()[0] as { identifiers: Array<{ channels: { email: { statusDate: string } } }> }
      expect(sent.identifiers[0].channels.email.statusDate).toBe(REGISTERED_AT)
      expect(emailChannel("old.realtime@example.com")).toEqual({ status: "unsubscribed", statusDate: UNSUBSCRIBED_IN_OMNISEND_AT })
      expect(emulator().state.contactByEmail("old.realtime@example.com")!.firstName).toBe("Renamed")
    })

    it("a backfill never re-subscribes an old subscriber who unsubscribed in Omnisend since", async () => {
      await oldSubscriberUnsubscribedInOmnisend("old.backfill@example.com")

      await api.post("/admin/omnisend/backfill", {}, admin)
      for (let tries = 0; tries < 200; tries++) {
        const { data } = await api.get("/admin/omnisend/backfill", admin)
        if (data.run?.status === "completed") break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      await emulator().waitForBatches()

      expect(emailChannel("old.backfill@example.com")).toEqual({ status: "unsubscribed", statusDate: UNSUBSCRIBED_IN_OMNISEND_AT })
    })

    it("an opt-out made in the store today wins over the subscription Omnisend holds", async () => {
      const { data } = await afterSync("customer.created", () =>
        api.post("/admin/customers", { email: "optout@example.com", metadata: { email_marketing_consent: true } }, admin)
      )
      expect(emailChannel("optout@example.com").status).toBe("subscribed")

      await afterSync("customer.updated", () =>
        api.post(`/admin/customers/${data.customer.id}`, { metadata: { email_marketing_consent: false } }, admin)
      )

      expect(emailChannel("optout@example.com").status).toBe("unsubscribed")
    })

    it("after an email change, an opt-out reaches every contact the customer owned", async () => {
      const { data } = await afterSync("customer.created", () =>
        api.post(
          "/admin/customers",
          { email: "first@example.com", metadata: { email_marketing_consent: true, email_marketing_consent_at: "2025-01-01T00:00:00Z" } },
          admin
        )
      )
      await afterSync("customer.updated", () => api.post(`/admin/customers/${data.customer.id}`, { email: "second@example.com" }, admin))
      expect(emailChannel("first@example.com").status).toBe("subscribed")
      expect(emailChannel("second@example.com").status).toBe("subscribed")

      await afterSync("customer.updated", () =>
        api.post(
          `/admin/customers/${data.customer.id}`,
          { metadata: { email_marketing_consent: false, email_marketing_consent_at: "2025-06-01T00:00:00Z" } },
          admin
        )
      )

      expect(emailChannel("second@example.com").status).toBe("unsubscribed")
      expect(emailChannel("first@example.com").status).toBe("unsubscribed")
    })

    it("a guest with a registered customer's email never overwrites their contact, and deleting the guest never unsubscribes it", async () => {
      await api.post("/admin/omnisend/settings", { customer_deleted_action: "unsubscribe" }, admin)
      const customers = container.resolve(Modules.CUSTOMER)
      // The guest checked out first and was synced; then the same person registered with consent.
      const [guest] = await customers.createCustomers([{ email: "shared@example.com", first_name: "Guest", has_account: false }])
      await api.post(`/admin/omnisend/customers/${guest.id}/sync`, {}, admin)
      const publishableKey = await createPublishableKey(container)
      await afterSync("customer.created", () =>
        registerStorefrontCustomer(api, publishableKey, {
          email: "shared@example.com",
          first_name: "Registered",
          metadata: { email_marketing_consent: true },
        })
      )
      expect(emailChannel("shared@example.com").status).toBe("subscribed")

      const guestSync = await api.post(`/admin/omnisend/customers/${guest.id}/sync`, {}, admin)
      expect(guestSync.data.outcome).toEqual({ state: "skipped", reason: expect.stringContaining("registered customer") })
      expect(emulator().state.contactByEmail("shared@example.com")!.firstName).toBe("Registered")

      // A backfill sends the registered customer, never the guest.
      await api.post("/admin/omnisend/backfill", {}, admin)
      for (let tries = 0; tries < 100; tries++) {
        if ((await api.get("/admin/omnisend/backfill", admin)).data.run?.status === "completed") break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      await emulator().waitForBatches()
      const batchItems = emulator()
        .state.requests()
        .filter((request) => request.path === "/v3/batches" && request.method === "POST")
        .flatMap((request) => (request.body as { items: Array<{ firstName?: string }> }).items)
      expect(batchItems.map((item) => item.firstName)).not.toContain("Guest")
      expect(emulator().state.contactByEmail("shared@example.com")!.firstName).toBe("Registered")

      await afterSync("customer.deleted", () => api.delete(`/admin/customers/${guest.id}`, admin))
      expect(emailChannel("shared@example.com").status).toBe("subscribed")
    })

    it("an address phone (maybe a gift recipient's) is never sent with SMS consent, and by default not at all", async () => {
      const { data } = await afterSync("customer.created", () =>
        api.post("/admin/customers", { email: "gift@example.com", metadata: { sms_marketing_consent: true } }, admin)
      )
      await afterSync("omnisend.customer.sync_requested", () =>
        api.post(
          `/admin/customers/${data.customer.id}/addresses`,
          { address_1: "1 Gift Lane", city: "London", country_code: "gb", phone: "+44 20 7946 0555" },
          admin
        )
      )

      const contact = emulator().state.contactByEmail("gift@example.com")!
      expect(contact.phone).toBeUndefined()
      expect(contact.city).toBe("London")
      expect(JSON.stringify(postedContacts())).not.toContain("+442079460555")
      expect((await omnisend().listSyncLedgerEntries({ customer_id: data.customer.id }))[0].state).toBe("synced")
    })

    it("asks for Omnisend's welcome message only for a new subscriber's first contact", async () => {
      await api.post("/admin/omnisend/settings", { send_welcome_message: true }, admin)
      const publishableKey = await createPublishableKey(container)
      const welcomed = (email: string) =>
        postedContacts().some((body) =>
          (body as { identifiers: Array<{ id: string; sendWelcomeMessage?: boolean }> }).identifiers.some(
            (identifier) => identifier.id === email && identifier.sendWelcomeMessage === true
          )
        )

      const { customer } = await afterSync("customer.created", () =>
        registerStorefrontCustomer(api, publishableKey, { email: "newcomer@example.com", metadata: { email_marketing_consent: true } })
      )
      expect(welcomed("newcomer@example.com")).toBe(true)

      // An email change creates a contact for the new email: not a new subscriber.
      await afterSync("customer.updated", () => api.post(`/admin/customers/${customer.id}`, { email: "moved@example.com" }, admin))
      expect(emulator().state.contactByEmail("moved@example.com")).toBeDefined()
      expect(welcomed("moved@example.com")).toBe(false)

      // An old subscriber reaching Omnisend for the first time is not greeted either.
      const [old] = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers([{ email: "longtime@example.com", metadata: { email_marketing_consent: true } }])
      await container
        .resolve(ContainerRegistrationKeys.PG_CONNECTION)
        .raw("UPDATE customer SET created_at = ?, updated_at = ? WHERE id = ?", [REGISTERED_AT, REGISTERED_AT, old.id])
      await afterSync("customer.updated", () => api.post(`/admin/customers/${old.id}`, { first_name: "Longtime" }, admin))
      expect(emailChannel("longtime@example.com").status).toBe("subscribed")
      expect(welcomed("longtime@example.com")).toBe(false)
    })
  },
})
