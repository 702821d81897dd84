import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer, Message } from "@medusajs/framework/types"
import { OMNISEND_MODULE } from "../../src/modules/omnisend"
import type { OmnisendModuleService } from "../../src/modules/omnisend"
import { OMNISEND_CUSTOMER_SYNC_REQUESTED } from "../../src/workflows/omnisend-events"
import { patchSemanticsFromEnv } from "../../tools/omnisend-emulator"
import { createAdminHeaders } from "../helpers/admin-session"
import { useOmnisendEmulator } from "../helpers/use-omnisend-emulator"

jest.setTimeout(120_000)

const emulator = useOmnisendEmulator()

const SOURCE_TAG = "source: medusa"
// Omnisend does not say whether PATCH replaces or appends tags; npm test runs this file under both.
// The plugin always sends the full list, so under "replace" a lost group tag leaves the contact,
// and under "append" nothing a PATCH can send removes it.
const tagsReplaced = patchSemanticsFromEnv().tags === "replace"
/** Tags as a set, in the order the helpers below read them. */
const tags = (...names: string[]) => [...names].sort()

type Customer = { id: string; email: string }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: { headers: Record<string, string> }
    let emitted: jest.SpyInstance

    const omnisend = () => container.resolve<OmnisendModuleService>(OMNISEND_MODULE)
    const ledgerOf = async (customer: { id: string }) => {
      const [entry] = await omnisend().listSyncLedgerEntries({ customer_id: customer.id })
      return entry
    }
    /** Runs `action` and resolves once the subscribers of `count` `eventName` events have finished. */
    const afterSync = async <T>(eventName: string, action: () => Promise<T>, count = 1): Promise<T> => {
      const done = TestEventUtils.waitSubscribersExecution(eventName, container.resolve(Modules.EVENT_BUS), {
        triggerCount: count,
        // Without the group sync no request ever comes: fail well before jest's own timeout.
        timeout: 20_000,
      })
      const result = await action()
      await done
      return result
    }
    /** Customers whose sync was asked for since the last call, one entry per request. */
    const takeSyncRequests = () => {
      const messages = emitted.mock.calls.flatMap(([sent]) => [sent as Message | Message[]].flat())
      emitted.mockClear()
      return messages
        .filter((message) => message.name === OMNISEND_CUSTOMER_SYNC_REQUESTED)
        .map((message) => (message.data as { id: string }).id)
        .sort()
    }
    /** Runs a group change and waits for the syncs it must ask for: one per customer given. */
    const afterGroupSync = async (action: () => Promise<unknown>, customers: Customer[]) => {
      takeSyncRequests()
      await afterSync(OMNISEND_CUSTOMER_SYNC_REQUESTED, action, customers.length)
      expect(takeSyncRequests()).toEqual(customers.map((customer) => customer.id).sort())
    }

    const createCustomers = async (...emails: string[]): Promise<Customer[]> => {
      const customers = await afterSync(
        "customer.created",
        () => Promise.all(emails.map(async (email) => (await api.post("/admin/customers", { email }, admin)).data.customer)),
        emails.length
      )
      emulator().state.clearRequests()
      return customers
    }
    const createGroup = async (name: string): Promise<string> =>
      (await api.post("/admin/customer-groups", { name }, admin)).data.customer_group.id
    const tagsOf = (customer: Customer) => [...emulator().state.contactByEmail(customer.email)!.tags].sort()
    /** The plugin sends the whole list whatever Omnisend does with it: each PATCH since the last clear carried `expected`. */
    const expectSentTags = (customer: Customer, expected: string[]) => {
      const contactId = emulator().state.contactByEmail(customer.email)!.contactID
      const patches = emulator().state.requests().filter((request) => request.method === "PATCH" && request.path === `/v3/contacts/${contactId}`)
      expect(patches.length).toBeGreaterThan(0)
      for (const patch of patches) {
        expect([...((patch.body as { tags?: string[] }).tags ?? [])].sort()).toEqual(expected)
      }
    }
    /** Synced, and the ledger remembers sending `expected`. */
    const expectSynced = async (customer: Customer, expected: string[]) => {
      const entry = await ledgerOf(customer)
      expect(entry).toEqual(expect.objectContaining({ state: "synced", attempts: 0, last_error: null }))
      expect(entry.last_sent?.tags).toEqual(expected)
    }

    beforeEach(async () => {
      container = getContainer()
      emulator().reset()
      admin = await createAdminHeaders(container)
      emitted = jest.spyOn(container.resolve(Modules.EVENT_BUS), "emit")
    })

    afterEach(() => {
      emitted.mockRestore()
    })

    it("adding customers to a group tags their contacts; removing one sends their list without the tag", async () => {
      const [ada, grace, alan] = await createCustomers("ada@example.com", "grace@example.com", "alan@example.com")
      const vip = await createGroup("VIP")

      await afterGroupSync(() => api.post(`/admin/customer-groups/${vip}/customers`, { add: [ada.id, grace.id] }, admin), [ada, grace])
      for (const member of [ada, grace]) {
        expectSentTags(member, tags(SOURCE_TAG, "VIP"))
        expect(tagsOf(member)).toEqual(tags(SOURCE_TAG, "VIP"))
        await expectSynced(member, tags(SOURCE_TAG, "VIP"))
      }
      expect(tagsOf(alan)).toEqual(tags(SOURCE_TAG))

      emulator().state.clearRequests()
      await afterGroupSync(() => api.post(`/admin/customer-groups/${vip}/customers`, { remove: [grace.id] }, admin), [grace])
      expectSentTags(grace, tags(SOURCE_TAG))
      expect(tagsOf(grace)).toEqual(tagsReplaced ? tags(SOURCE_TAG) : tags(SOURCE_TAG, "VIP"))
      await expectSynced(grace, tags(SOURCE_TAG))
      expect(tagsOf(ada)).toEqual(tags(SOURCE_TAG, "VIP"))
      expect(emulator().state.requests().filter((request) => request.method !== "GET")).toHaveLength(1)
    })

    it("joining and leaving groups from the customer's side retags their contact", async () => {
      const [ada] = await createCustomers("ada@example.com")
      const vip = await createGroup("VIP")
      const wholesale = await createGroup("Wholesale")
      await afterGroupSync(() => api.post(`/admin/customers/${ada.id}/customer-groups`, { add: [vip] }, admin), [ada])
      expect(tagsOf(ada)).toEqual(tags(SOURCE_TAG, "VIP"))

      emulator().state.clearRequests()
      // Asked twice: once for the group joined (the new link's event), once for the group left (the route).
      await afterGroupSync(
        () => api.post(`/admin/customers/${ada.id}/customer-groups`, { add: [wholesale], remove: [vip] }, admin),
        [ada, ada]
      )
      expectSentTags(ada, tags(SOURCE_TAG, "Wholesale"))
      expect(tagsOf(ada)).toEqual(tagsReplaced ? tags(SOURCE_TAG, "Wholesale") : tags(SOURCE_TAG, "VIP", "Wholesale"))
      await expectSynced(ada, tags(SOURCE_TAG, "Wholesale"))
    })

    it("renaming a group retags its members, and deleting it sends their lists without it", async () => {
      const [ada, grace, alan] = await createCustomers("ada@example.com", "grace@example.com", "alan@example.com")
      const group = await createGroup("Wholesale")
      await afterGroupSync(() => api.post(`/admin/customer-groups/${group}/customers`, { add: [ada.id, grace.id] }, admin), [ada, grace])

      emulator().state.clearRequests()
      await afterGroupSync(() => api.post(`/admin/customer-groups/${group}`, { name: "Wholesale EU" }, admin), [ada, grace])
      for (const member of [ada, grace]) {
        expectSentTags(member, tags(SOURCE_TAG, "Wholesale EU"))
        expect(tagsOf(member)).toEqual(tagsReplaced ? tags(SOURCE_TAG, "Wholesale EU") : tags(SOURCE_TAG, "Wholesale", "Wholesale EU"))
        await expectSynced(member, tags(SOURCE_TAG, "Wholesale EU"))
      }

      emulator().state.clearRequests()
      await afterGroupSync(() => api.delete(`/admin/customer-groups/${group}`, admin), [ada, grace])
      for (const member of [ada, grace]) {
        expectSentTags(member, tags(SOURCE_TAG))
        expect(tagsOf(member)).toEqual(tagsReplaced ? tags(SOURCE_TAG) : tags(SOURCE_TAG, "Wholesale", "Wholesale EU"))
        await expectSynced(member, tags(SOURCE_TAG))
      }
      // Customers outside the group are left alone.
      expect(tagsOf(alan)).toEqual(tags(SOURCE_TAG))
      await expectSynced(alan, tags(SOURCE_TAG))
    })

    it("a group change that keeps its name syncs the members and makes no Omnisend call", async () => {
      const [ada] = await createCustomers("ada@example.com")
      const group = await createGroup("VIP")
      await afterGroupSync(() => api.post(`/admin/customer-groups/${group}/customers`, { add: [ada.id] }, admin), [ada])

      emulator().state.clearRequests()
      await afterGroupSync(() => api.post(`/admin/customer-groups/${group}`, { metadata: { tier: 2 } }, admin), [ada])
      expect(emulator().state.requests()).toEqual([])
      await expectSynced(ada, tags(SOURCE_TAG, "VIP"))
    })
  },
})
