import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminStartOmnisendBackfill } from "./admin/omnisend/backfill/validators"
import { AdminSyncOmnisendCustomer } from "./admin/omnisend/customers/validators"
import { AdminUpdateOmnisendSettings, AdminVerifyOmnisendConnection } from "./admin/omnisend/settings/validators"
import { AdminGetOmnisendStatus } from "./admin/omnisend/status/validators"
import { requestSyncOfCustomerLeavingGroups, requestSyncOfCustomersRemovedFromGroup } from "./request-sync-after-group-removal"

/**
 * Validation of the plugin's admin routes (everything under /admin requires an admin session), and
 * the core routes that remove customers from groups, whose removals reach Omnisend only from here.
 */
export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/omnisend/backfill",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminStartOmnisendBackfill)],
    },
    {
      matcher: "/admin/omnisend/settings",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminUpdateOmnisendSettings)],
    },
    {
      matcher: "/admin/omnisend/settings/verify",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminVerifyOmnisendConnection)],
    },
    {
      matcher: "/admin/omnisend/status",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetOmnisendStatus, {})],
    },
    {
      matcher: "/admin/omnisend/customers/:id/sync",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminSyncOmnisendCustomer)],
    },
    {
      matcher: "/admin/customer-groups/:id/customers",
      methods: ["POST"],
      middlewares: [requestSyncOfCustomersRemovedFromGroup],
    },
    {
      matcher: "/admin/customers/:id/customer-groups",
      methods: ["POST"],
      middlewares: [requestSyncOfCustomerLeavingGroups],
    },
  ],
})
