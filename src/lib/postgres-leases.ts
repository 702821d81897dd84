import { randomUUID } from "node:crypto"
import { setTimeout as sleep } from "node:timers/promises"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * Who may work on something, across every process of the store: a row per key in the plugin's
 * `omnisend_lease` table, taken when free or expired, renewed by its owner. PostgreSQL is the one
 * thing a server and its workers always share; Medusa's locking module defaults to an in-memory
 * provider that only excludes within one process.
 */
export class PostgresLeases {
  constructor(private readonly knex: Knex) {}

  /** Takes (or renews) the lease for `ttlSeconds`; false when another owner holds it unexpired. */
  async tryAcquire(key: string, ownerId: string, ttlSeconds: number): Promise<boolean> {
    const { rows } = await this.knex.raw<{ rows: unknown[] }>(
      `INSERT INTO omnisend_lease (key, owner_id, expires_at)
       VALUES (:key, :ownerId, clock_timestamp() + make_interval(secs => :ttlSeconds))
       ON CONFLICT (key) DO UPDATE SET owner_id = EXCLUDED.owner_id, expires_at = EXCLUDED.expires_at
        WHERE omnisend_lease.expires_at < clock_timestamp() OR omnisend_lease.owner_id = EXCLUDED.owner_id
       RETURNING key`,
      { key, ownerId, ttlSeconds }
    )
    return rows.length === 1
  }

  /** Waits up to `timeoutSeconds` for the lease; throws LeaseTimeoutError when it stays taken. */
  async acquire(
    key: string,
    options: { ownerId: string; ttlSeconds: number; timeoutSeconds: number; retryIntervalMs?: number }
  ): Promise<void> {
    const giveUpAt = Date.now() + options.timeoutSeconds * 1000
    while (!(await this.tryAcquire(key, options.ownerId, options.ttlSeconds))) {
      if (Date.now() >= giveUpAt) {
        throw new LeaseTimeoutError(key, options.timeoutSeconds)
      }
      await sleep(options.retryIntervalMs ?? 100)
    }
  }

  /** Runs `work` while holding the lease alone, waiting up to `timeoutSeconds` for it. */
  async withLease<T>(key: string, options: { ttlSeconds: number; timeoutSeconds: number }, work: () => Promise<T>): Promise<T> {
    const ownerId = randomUUID()
    await this.acquire(key, { ownerId, ...options })
    try {
      return await work()
    } finally {
      await this.release(key, ownerId)
    }
  }

  /** Gives the lease back; false when this owner no longer held it (it expired and was taken). */
  async release(key: string, ownerId: string): Promise<boolean> {
    const { rows } = await this.knex.raw<{ rows: unknown[] }>(
      `DELETE FROM omnisend_lease WHERE key = :key AND owner_id = :ownerId RETURNING key`,
      { key, ownerId }
    )
    return rows.length === 1
  }
}

export class LeaseTimeoutError extends Error {
  constructor(
    readonly key: string,
    timeoutSeconds: number
  ) {
    super(`Another process kept "${key}" for more than ${timeoutSeconds} s; the work is retried later.`)
    this.name = "LeaseTimeoutError"
  }
}
