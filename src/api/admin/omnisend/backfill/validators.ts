import { z } from "@medusajs/framework/zod"

export const AdminStartOmnisendBackfill = z
  .object({
    /** Count what a backfill would send, without writing to Omnisend or the sync ledger. */
    dry_run: z.boolean().optional(),
  })
  .strict()

export type AdminStartOmnisendBackfillType = z.infer<typeof AdminStartOmnisendBackfill>
