const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

// Medusa's starters do this: entity metadata from one test file must not leak into the next.
MetadataStorage.clear()

// A scheduled backfill firing in the middle of a test would send what the test does not expect.
process.env.OMNISEND_BACKFILL_SCHEDULE_ENABLED ??= "false"
// Likewise the scheduled read of unsubscribes from Omnisend.
process.env.OMNISEND_UNSUBSCRIBE_SYNC_ENABLED ??= "false"
// And the per-minute recovery jobs (retry of pending syncs, resume of a backfill): tests run them themselves.
process.env.OMNISEND_RECOVERY_JOBS_ENABLED ??= "false"
