import { z } from "@medusajs/framework/zod"

export const AdminGetOmnisendStatus = z
  .object({
    /** How many of the latest failures to list. */
    failures_limit: z.coerce.number().int().min(1).max(100).default(10),
  })
  .strict()

export type AdminGetOmnisendStatusType = z.infer<typeof AdminGetOmnisendStatus>
