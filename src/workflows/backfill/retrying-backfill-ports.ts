import type { BackfillCustomerSource, BackfillLedgerStore, BackfillRunStore } from "./backfill-ports"
import { retryTransientDatabaseFailures, type DatabaseRetryOptions } from "./database-retry"

/** What each database call of a backfill does, in a merchant's words. */
type Descriptions<T> = { [K in keyof T]: string }

const CUSTOMER_READS: Descriptions<BackfillCustomerSource> = {
  count: "counting the store's customers",
  readHeadsAfter: "reading a page of customers",
  readAfter: "reading a page of customers",
  readByIds: "reading customers to send again",
}

const LEDGER_CALLS: Descriptions<BackfillLedgerStore> = {
  readViews: "reading the sync ledger",
  recordSkipped: "recording skipped customers in the sync ledger",
  recordUnchanged: "recording up-to-date customers in the sync ledger",
  recordSent: "recording a sent batch in the sync ledger",
  readBatchMembers: "reading the customers of a batch from the sync ledger",
  recordSucceeded: "recording a batch's synced customers in the sync ledger",
  recordFailed: "recording a batch's failed customers in the sync ledger",
}

const RUN_WRITES: Descriptions<BackfillRunStore> = {
  save: "saving the run's checkpoint",
  finish: "recording the end of the run",
  discard: "removing a run that found nothing to do",
}

/**
 * The port with every method retried through a transient database failure. Methods are looked up
 * at each call, so the port object stays the one that answers.
 */
function retrying<T extends object>(port: T, descriptions: Descriptions<T>, options: DatabaseRetryOptions): T {
  const methods = Object.keys(descriptions).map((name) => {
    const method = name as keyof T & string
    const call = (...args: unknown[]) =>
      retryTransientDatabaseFailures(
        () => (port[method] as (...parameters: unknown[]) => Promise<unknown>).apply(port, args),
        descriptions[method],
        options
      )
    return [method, call]
  })
  return Object.fromEntries(methods) as T
}

export interface BackfillDatabasePorts {
  customers: BackfillCustomerSource
  ledger: BackfillLedgerStore
  runs: BackfillRunStore
}

/** A backfill's database ports that ride out a short loss of the database (a restart, a failover). */
export function withDatabaseRetries(ports: BackfillDatabasePorts, options: DatabaseRetryOptions): BackfillDatabasePorts {
  return {
    customers: retrying(ports.customers, CUSTOMER_READS, options),
    ledger: retrying(ports.ledger, LEDGER_CALLS, options),
    runs: retrying(ports.runs, RUN_WRITES, options),
  }
}
