import { z } from "@medusajs/framework/zod"

/** Syncing a customer now takes no options: anything sent is a mistake worth reporting. */
export const AdminSyncOmnisendCustomer = z.object({}).strict()
