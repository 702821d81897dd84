import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminStartOmnisendBackfill } from "./admin/omnisend/backfill/validators"
import { AdminSyncOmnisendCustomer } from "./admin/omnisend/customers/validators"
import { AdminUpdateOmnisendSettings, AdminVerifyOmnisendConnection } from "./admin/omnisend/settings/validators"
import { AdminGetOmnisendStatus } from "./admin/omnisend/status/validators"

/** Validation of the plugin's admin routes (everything under /admin requires an admin session). */
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
  ],
})
