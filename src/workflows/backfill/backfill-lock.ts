/**
 * Held by the process working on a run: one run at a time, across every process of the store.
 * Both are PostgreSQL leases (PostgresLeases), which hold across processes whatever locking
 * provider the store configured.
 */
export const BACKFILL_LOCK_KEY = "omnisend:backfill"

/** Held briefly while a run is looked up or created, so that two starts never create two runs. */
export const BACKFILL_START_LOCK_KEY = "omnisend:backfill:start"

/** How long a start may hold (or wait for) the start lease, in seconds. */
export const BACKFILL_START_LEASE = { ttlSeconds: 30, timeoutSeconds: 10 }

/**
 * How long the run lock lasts without being extended, in seconds: after a crash, the time before
 * another process may resume the run. A run without a heartbeat for this long is taken as stopped.
 */
export const BACKFILL_LOCK_TTL_SECONDS = 60

/** How often a working process extends the lock and records a heartbeat. */
export const BACKFILL_HEARTBEAT_MS = 15_000
