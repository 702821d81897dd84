import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { OMNISEND_MODULE } from "../../src/modules/omnisend"
import type { OmnisendModuleService } from "../../src/modules/omnisend"
import { useOmnisendEmulator } from "../helpers/use-omnisend-emulator"

jest.setTimeout(60_000)

const emulator = useOmnisendEmulator()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbConnection }) => {
    describe("plugin foundation in a running store", () => {
      it("boots the store with the omnisend module and its migrated ledger table", async () => {
        const health = await api.get("/health")
        expect(health.status).toEqual(200)

        const rows = await dbConnection.raw(
          "select column_name from information_schema.columns where table_name = 'omnisend_sync_ledger_entry'"
        )
        const columns = rows.rows.map((row: { column_name: string }) => row.column_name)
        expect(columns).toEqual(
          expect.arrayContaining(["customer_id", "contact_id", "state", "last_sent_hash", "attempts", "last_error"])
        )
      })

      it("records ledger entries through the module service", async () => {
        const service: OmnisendModuleService = getContainer().resolve(OMNISEND_MODULE)
        const created = await service.createSyncLedgerEntries({
          customer_id: "cus_1",
          email: "jane@example.com",
          state: "failed",
          attempts: 2,
          last_error: "Omnisend rejected the contact",
          last_error_code: "omnisend_invalid_data",
        })
        const [found] = await service.listSyncLedgerEntries({ customer_id: "cus_1" })
        expect(found).toEqual(
          expect.objectContaining({ id: created.id, state: "failed", attempts: 2, contact_id: null })
        )
        await expect(
          service.createSyncLedgerEntries({ customer_id: "cus_1", state: "pending" })
        ).rejects.toThrow()
      })

      it("gives a client configured from the plugin options that reaches Omnisend", async () => {
        const service: OmnisendModuleService = getContainer().resolve(OMNISEND_MODULE)
        expect(service.getOptions()).toEqual(
          expect.objectContaining({ apiUrl: emulator().url, requestTimeoutMs: 10_000, sendWelcomeMessage: false })
        )
        const account = await service.getClient()!.getAccount()
        expect(account.brandID).toMatch(/^[0-9a-f]{24}$/)
        expect(emulator().state.requests().map((request) => request.path)).toEqual(["/v3/accounts"])
      })
    })
  },
})
