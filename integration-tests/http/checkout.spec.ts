import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { NO_CONSENT_STATUS_DATE } from "../../src/mapping"
import { backfillOmnisendContactsWorkflow } from "../../src/workflows/backfill-omnisend-contacts"
import type { RecordedRequest } from "../../tools/omnisend-emulator"
import { createAdminHeaders } from "../helpers/admin-session"
import { guestCheckout, seedCheckoutStore, type CheckoutAddress, type CheckoutStore } from "../helpers/storefront-checkout"
import { registerStorefrontCustomer } from "../helpers/storefront-customer"
import { useOmnisendEmulator } from "../helpers/use-omnisend-emulator"

jest.setTimeout(180_000)

const emulator = useOmnisendEmulator({ batch: { tickMs: 5 } })

// Made-up buyers. The billing and shipping addresses differ so that a test sees which one was used.
const BILLING: CheckoutAddress = {
  first_name: "Erika",
  last_name: "Musterfrau",
  phone: "+49 1512 3456789",
  address_1: "Hauptstrasse 5",
  city: "Berlin",
  postal_code: "10115",
  country_code: "de",
}
const BILLING_PHONE = "+4915123456789"
const SHIPPING: CheckoutAddress = {
  first_name: "Max",
  last_name: "Beschenkt",
  phone: "+49 1512 9999999",
  address_1: "Gartenweg 2",
  city: "Hamburg",
  postal_code: "20095",
  country_code: "de",
}

/** Omnisend keeps dates to the second: compare ISO timestamps at that precision. */
const toSecond = (value: string | Date) => new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z")
const iso = (value: string | Date) => new Date(value).toISOString()

/**
 * What a checkout knows reaches the contact (issue 11): a real checkout through the storefront API,
 * then the contact as the Omnisend emulator holds it. Guests' details come from their latest
 * order, consent given at checkout is dated at the order, and the purchase history properties follow
 * orders placed, canceled and refunded, in real time and through the backfill.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: { headers: Record<string, string> }
    let store: CheckoutStore

    /** Runs `action` and resolves once the subscribers of `eventName` have finished. */
    const afterSync = async <T>(eventName: string, action: () => Promise<T>, count = 1): Promise<T> => {
      const done = TestEventUtils.waitSubscribersExecution(eventName, container.resolve(Modules.EVENT_BUS), {
        triggerCount: count,
        timeout: 60_000,
      })
      const result = await action()
      await done
      return result
    }
    const contactOf = (email: string) => emulator().state.contactByEmail(email)
    const emailChannel = (email: string) => contactOf(email)!.identifiers.find((identifier) => identifier.type === "email")!.channels.email!
    /** A checkout through the storefront; answers the order as the admin API reads it (the store's answer has no customer_id). */
    const checkout = async (
      email: string,
      options: { metadata?: Record<string, unknown>; quantity?: number; customerHeaders?: Record<string, string> } = {}
    ) => {
      const placed = await afterSync("order.placed", () =>
        guestCheckout(api, store, { email, billing_address: BILLING, shipping_address: SHIPPING, ...options })
      )
      const { data } = await api.get(`/admin/orders/${placed.id}?fields=id,customer_id,total,currency_code,created_at`, admin)
      expect(data.order.total).toBe(placed.total)
      return data.order as { id: string; customer_id: string; total: number; currency_code: string; created_at: string }
    }
    const setSyncEnabled = (enabled: boolean) => api.post("/admin/omnisend/settings", { enabled }, admin)
    const sentContacts = () =>
      emulator()
        .state.requests()
        .filter((request: RecordedRequest) => request.method === "POST" || request.method === "PATCH")
        .flatMap((request) => (request.path === "/v3/batches" ? (request.body as { items: unknown[] }).items : [request.body])) as any[]
    const sentEmailStatuses = (email: string) =>
      sentContacts()
        .flatMap((body) => (body.identifiers ?? []) as Array<{ id: string; channels: { email?: { status: string; statusDate: string } } }>)
        .filter((identifier) => identifier.id === email && identifier.channels.email)
        .map((identifier) => identifier.channels.email!)

    async function runBackfill(): Promise<any> {
      const started = await api.post("/admin/omnisend/backfill", {}, admin)
      expect(started.status).toBe(202)
      const deadline = Date.now() + 120_000
      for (;;) {
        const { data } = await api.get("/admin/omnisend/backfill", admin)
        if (data.run && data.run.status !== "running") {
          await emulator().waitForBatches()
          return data.run
        }
        if (Date.now() > deadline) {
          throw new Error(`the backfill did not end in time: ${JSON.stringify(data.run?.status)}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }

    async function paymentOf(orderId: string): Promise<{ id: string }> {
      const { data } = await api.get(`/admin/orders/${orderId}?fields=id,*payment_collections,*payment_collections.payments`, admin)
      return data.order.payment_collections[0].payments[0]
    }

    /** The purchase history properties the contact must carry for these (not canceled) orders. */
    function history(orders: Array<{ created_at: string; total: number }>, netTotal?: number) {
      const dates = orders.map((order) => new Date(order.created_at).getTime())
      return {
        medusa_orders_count: orders.length,
        medusa_total_spent: netTotal ?? orders.reduce((sum, order) => sum + order.total, 0),
        medusa_total_spent_currency: "EUR",
        medusa_first_order_at: iso(new Date(Math.min(...dates))),
        medusa_last_order_at: iso(new Date(Math.max(...dates))),
      }
    }

    beforeEach(async () => {
      container = getContainer()
      emulator().reset()
      admin = await createAdminHeaders(container)
      store = await seedCheckoutStore(container)
    })

    it("a guest checkout reaches the contact with the billing name, address and phone and the purchase history; a second order updates it", async () => {
      const email = "guest.buyer@example.com"
      const first = await checkout(email)
      expect(first.total).toBe(store.unitPrice + store.shippingPrice)
      expect(first.currency_code).toBe("eur")

      const contact = contactOf(email)!
      expect(contact).toEqual(
        expect.objectContaining({
          firstName: "Erika",
          lastName: "Musterfrau",
          address: "Hauptstrasse 5",
          city: "Berlin",
          postalCode: "10115",
          countryCode: "DE",
          phone: BILLING_PHONE,
        })
      )
      expect(contact.identifiers).toEqual(
        expect.arrayContaining([
          { type: "email", id: email, channels: { email: { status: "nonSubscribed", statusDate: NO_CONSENT_STATUS_DATE } } },
          { type: "phone", id: BILLING_PHONE, channels: { sms: { status: "nonSubscribed", statusDate: NO_CONSENT_STATUS_DATE } } },
        ])
      )
      expect(contact.identifiers).toHaveLength(2)
      expect(contact.customProperties).toEqual({ medusa_customer_id: first.customer_id, ...history([first]) })
      expect(contact.customProperties!.medusa_first_order_at).toBe(iso(first.created_at))

      // The same guest again, two items this time: the same customer, the same contact.
      const second = await checkout(email, { quantity: 2 })
      expect(second.customer_id).toBe(first.customer_id)
      expect(second.total).toBe(2 * store.unitPrice + store.shippingPrice)

      const updated = contactOf(email)!
      expect(updated.contactID).toBe(contact.contactID)
      expect(updated.customProperties).toEqual({
        medusa_customer_id: first.customer_id,
        medusa_orders_count: 2,
        medusa_total_spent: first.total + second.total,
        medusa_total_spent_currency: "EUR",
        medusa_first_order_at: iso(first.created_at),
        medusa_last_order_at: iso(second.created_at),
      })
      expect(emulator().state.contacts()).toHaveLength(1)
    })

    it("consent given at checkout subscribes the guest, dated at the order; SMS consent goes with the order's phone", async () => {
      const email = "ticked.the.box@example.com"
      const order = await checkout(email, { metadata: { email_marketing_consent: true, sms_marketing_consent: "true" } })

      const contact = contactOf(email)!
      const email_ = emailChannel(email)
      expect(email_.status).toBe("subscribed")
      expect(toSecond(email_.statusDate)).toBe(toSecond(order.created_at))
      const phone = contact.identifiers.find((identifier) => identifier.type === "phone")!
      expect(phone.id).toBe(BILLING_PHONE)
      expect(phone.channels.sms!.status).toBe("subscribed")
      expect(toSecond(phone.channels.sms!.statusDate)).toBe(toSecond(order.created_at))
    })

    it("an unsubscribe made in Omnisend after the checkout wins over the consent given at checkout", async () => {
      const email = "changed.their.mind@example.com"
      await setSyncEnabled(false)
      const order = await checkout(email, { metadata: { email_marketing_consent: true } })
      expect(contactOf(email)).toBeUndefined()

      // After the order, the buyer unsubscribes through an Omnisend email.
      const unsubscribedAt = new Date(new Date(order.created_at).getTime() + 2_000).toISOString()
      emulator().state.seedContact({
        identifiers: [{ type: "email", id: email, channels: { email: { status: "unsubscribed", statusDate: unsubscribedAt } } }],
      })

      await setSyncEnabled(true)
      const run = await runBackfill()
      expect(run.status).toBe("completed")

      // The backfill sent the checkout's consent dated at the order (so it lost to the later unsubscribe).
      expect(sentEmailStatuses(email).map((status) => ({ ...status, statusDate: toSecond(status.statusDate) }))).toEqual([
        { status: "subscribed", statusDate: toSecond(order.created_at) },
      ])
      expect(emailChannel(email)).toEqual({ status: "unsubscribed", statusDate: unsubscribedAt })
      expect(contactOf(email)!.customProperties).toEqual(expect.objectContaining(history([order])))

      // A re-sync of the customer keeps it so.
      await api.post(`/admin/omnisend/customers/${order.customer_id}/sync`, {}, admin)
      expect(emailChannel(email)).toEqual({ status: "unsubscribed", statusDate: unsubscribedAt })
    })

    it("an unticked box or an unknown value never unsubscribes; an explicit false unsubscribes a new contact, dated at the order", async () => {
      const subscriber = "already.subscribed@example.com"
      const subscribedAt = "2024-01-15T10:00:00.000Z"
      emulator().state.seedContact({
        identifiers: [{ type: "email", id: subscriber, channels: { email: { status: "subscribed", statusDate: subscribedAt } } }],
      })

      await checkout(subscriber, { metadata: { email_marketing_consent: "on" } })
      expect(emailChannel(subscriber)).toEqual({ status: "subscribed", statusDate: subscribedAt })
      await checkout(subscriber)
      expect(emailChannel(subscriber)).toEqual({ status: "subscribed", statusDate: subscribedAt })
      expect(sentEmailStatuses(subscriber).length).toBeGreaterThan(0)
      expect(sentEmailStatuses(subscriber).map((status) => status.status)).not.toContain("unsubscribed")
      expect(contactOf(subscriber)!.customProperties!.medusa_orders_count).toBe(2)

      const optedOut = "said.no@example.com"
      const order = await checkout(optedOut, { metadata: { email_marketing_consent: false } })
      const channel = emailChannel(optedOut)
      expect(channel.status).toBe("unsubscribed")
      expect(toSecond(channel.statusDate)).toBe(toSecond(order.created_at))
    })

    it("a canceled order leaves the purchase history; a refund lowers the total spent", async () => {
      const email = "returns.things@example.com"
      const kept = await checkout(email, { quantity: 2 })
      const canceled = await checkout(email)
      expect(contactOf(email)!.customProperties).toEqual(expect.objectContaining(history([kept, canceled])))

      // The later order is canceled (its payment only authorized): the history is the earlier one's.
      await afterSync("order.canceled", () => api.post(`/admin/orders/${canceled.id}/cancel`, {}, admin))
      expect(contactOf(email)!.customProperties).toEqual(expect.objectContaining(history([kept])))

      // Part of the kept order is refunded after capture.
      const payment = await paymentOf(kept.id)
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      const refunded = 15
      await afterSync("payment.refunded", () => api.post(`/admin/payments/${payment.id}/refund`, { amount: refunded }, admin))

      // Medusa 2.21 books the refund as a credit line: the order's total is already net of it.
      const { data } = await api.get(`/admin/orders/${kept.id}?fields=id,total`, admin)
      expect(data.order.total).toBe(kept.total - refunded)
      expect(contactOf(email)!.customProperties).toEqual(expect.objectContaining(history([kept], kept.total - refunded)))
    })

    it("a registered customer with an empty profile gets name and address from the order; one with their own name keeps it", async () => {
      const empty = "empty.profile@example.com"
      const emptyCustomer = await afterSync("customer.created", () => registerStorefrontCustomer(api, store.publishableKey, { email: empty }))
      expect(contactOf(empty)!.firstName ?? "").toBe("")
      const emptyOrder = await checkout(empty, { customerHeaders: emptyCustomer.headers })
      expect(emptyOrder.customer_id).toBe(emptyCustomer.customer.id)
      expect(contactOf(empty)).toEqual(
        expect.objectContaining({ firstName: "Erika", lastName: "Musterfrau", city: "Berlin", postalCode: "10115", phone: BILLING_PHONE })
      )
      expect(contactOf(empty)!.customProperties).toEqual(expect.objectContaining(history([emptyOrder])))

      // Their own first name, their own phone: the order's name is not mixed in, and the checkout's
      // SMS consent belongs to the order's phone, not to theirs.
      const named = "own.name@example.com"
      const namedCustomer = await afterSync("customer.created", () =>
        registerStorefrontCustomer(api, store.publishableKey, { email: named, first_name: "Konrad", phone: "+49 1512 7777777" })
      )
      await checkout(named, { customerHeaders: namedCustomer.headers, metadata: { sms_marketing_consent: true } })
      const contact = contactOf(named)!
      expect(contact.firstName).toBe("Konrad")
      expect(contact.lastName ?? "").toBe("")
      expect(contact.city).toBe("Berlin")
      expect(contact.phone).toBe("+4915127777777")
      const phone = contact.identifiers.find((identifier) => identifier.type === "phone")!
      expect(phone.id).toBe("+4915127777777")
      expect(phone.channels.sms!.status).toBe("nonSubscribed")
    })

    it("a backfill fills the purchase history of orders placed while sync was off; a changed backfill picks up an order canceled while sync was off", async () => {
      await setSyncEnabled(false)
      const oneEmail = "offline.one@example.com"
      const twoEmail = "offline.two@example.com"
      const oneFirst = await checkout(oneEmail)
      const oneSecond = await checkout(oneEmail, { quantity: 3 })
      const two = await checkout(twoEmail, { quantity: 2 })
      expect(emulator().state.contacts()).toEqual([])

      await setSyncEnabled(true)
      const full = await runBackfill()
      expect(full).toEqual(expect.objectContaining({ status: "completed", succeeded: 2 }))
      expect(contactOf(oneEmail)).toEqual(
        expect.objectContaining({
          firstName: "Erika",
          city: "Berlin",
          phone: BILLING_PHONE,
          customProperties: { medusa_customer_id: oneFirst.customer_id, ...history([oneFirst, oneSecond]) },
        })
      )
      expect(contactOf(twoEmail)!.customProperties).toEqual({ medusa_customer_id: two.customer_id, ...history([two]) })

      // While sync is off, one order is canceled: the customer record does not change, its orders do.
      const customerUpdatedAt = async () =>
        iso((await container.resolve(Modules.CUSTOMER).retrieveCustomer(oneFirst.customer_id)).updated_at)
      const before = await customerUpdatedAt()
      await setSyncEnabled(false)
      await afterSync("order.canceled", () => api.post(`/admin/orders/${oneSecond.id}/cancel`, {}, admin))
      expect(await customerUpdatedAt()).toBe(before)
      await setSyncEnabled(true)
      emulator().state.clearRequests()

      const { result } = await backfillOmnisendContactsWorkflow(container).run({ input: { mode: "changed" } })
      expect(result.outcome).toEqual(expect.objectContaining({ status: "completed" }))
      await emulator().waitForBatches()

      const sentIds = sentContacts().map((item) => item.customProperties?.medusa_customer_id)
      expect(sentIds).toEqual([oneFirst.customer_id])
      expect(contactOf(oneEmail)!.customProperties).toEqual({ medusa_customer_id: oneFirst.customer_id, ...history([oneFirst]) })
      expect(contactOf(twoEmail)!.customProperties).toEqual({ medusa_customer_id: two.customer_id, ...history([two]) })
    })
  },
})
