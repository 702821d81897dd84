import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { runSafely } from "../lib/run-safely"
import { requestCustomerSync } from "../workflows/steps/request-customer-sync"

/** Which customers a request removed from groups, given its validated `remove` list. */
type RemovedCustomers = (req: MedusaRequest, remove: string[]) => string[]

// Removing a customer from a group deletes the link row outright, and the customer module's event
// for it carries only the link's id, which can no longer be read: no subscriber can tell whose
// contact lost a tag. The admin routes that remove members are where the customers are known.
function afterRemoval(removedCustomers: RemovedCustomers) {
  return (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    // Once the response is sent, the route's workflow has committed: the sync reads the new groups.
    res.on("finish", () => {
      const remove = (req.validatedBody as { remove?: string[] } | undefined)?.remove ?? []
      if (res.statusCode >= 400 || remove.length === 0) {
        return
      }
      void runSafely(req.scope, "sync of customers removed from a group", () =>
        requestCustomerSync(req.scope, removedCustomers(req, remove))
      )
    })
    next()
  }
}

/** POST /admin/customer-groups/:id/customers: `remove` lists customers. */
export const requestSyncOfCustomersRemovedFromGroup = afterRemoval((_req, remove) => remove)

/** POST /admin/customers/:id/customer-groups: `remove` lists the groups the customer leaves. */
export const requestSyncOfCustomerLeavingGroups = afterRemoval((req) => [req.params.id])
