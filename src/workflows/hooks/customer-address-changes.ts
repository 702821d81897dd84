import {
  createCustomerAddressesWorkflow,
  deleteCustomerAddressesWorkflow,
  updateCustomerAddressesWorkflow,
} from "@medusajs/core-flows"
import { OMNISEND_MODULE } from "../../modules/omnisend"
import type { OmnisendModuleService } from "../../modules/omnisend"
import { requestCustomerSync } from "../steps/request-customer-sync"

// Medusa emits no customer event for address changes, yet the contact's location and phone come
// from an address: these hooks ask for a sync of the customers concerned.

createCustomerAddressesWorkflow.hooks.addressesCreated(async ({ addresses }, { container }) => {
  await requestCustomerSync(container, addresses.map((address) => address.customer_id))
})

updateCustomerAddressesWorkflow.hooks.addressesUpdated(async ({ addresses }, { container }) => {
  await requestCustomerSync(container, addresses.map((address) => address.customer_id))
})

// Deleted addresses are gone by now. Only the deletion of the address a contact was built from can
// change what Omnisend sees (another address cannot outrank it by being removed), and the ledger
// remembers that address for each customer.
deleteCustomerAddressesWorkflow.hooks.addressesDeleted(async ({ ids }, { container }) => {
  const omnisend: OmnisendModuleService = container.resolve(OMNISEND_MODULE)
  const entries = await omnisend.listSyncLedgerEntries({ address_id: ids }, { select: ["customer_id"] })
  await requestCustomerSync(container, entries.map((entry) => entry.customer_id))
})
