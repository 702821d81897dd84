import { OmnisendV3Adapter, type BatchItem, type CreateBatchRequest, type CreateContactRequest } from "../../../modules/omnisend/client"
import type {
  BackfillBatchApi,
  BackfillCustomerSource,
  BackfillLedgerStore,
  BackfillLedgerView,
  BackfillRunStore,
  BatchLedgerMember,
} from "../backfill-ports"
import { emptyBackfillReport } from "../backfill-report"
import type { BackfillPendingSync, BackfillRunState } from "../backfill-types"
import type { BackfillCustomer } from "../plan-backfill-item"

/** In-memory stand-ins for the runner's ports, with the semantics of the real ones. */

export function customersNumbered(count: number): BackfillCustomer[] {
  return Array.from({ length: count }, (_, index) => {
    const n = String(index + 1).padStart(3, "0")
    return {
      id: `cus_${n}`,
      email: `customer${n}@example.com`,
      first_name: `Customer ${n}`,
      last_name: null,
      phone: null,
      metadata: null,
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-02-01T00:00:00.000Z",
      addresses: [],
      groups: [],
    }
  })
}

export class FakeCustomers implements BackfillCustomerSource {
  constructor(public customers: BackfillCustomer[]) {}

  async count() {
    return this.customers.length
  }
  async readHeadsAfter(cursor: string | null, take: number) {
    return (await this.readAfter(cursor, take)).map(({ id, updated_at }) => ({ id, updated_at }))
  }
  async readAfter(cursor: string | null, take: number) {
    return this.sorted()
      .filter((customer) => cursor === null || customer.id > cursor)
      .slice(0, take)
  }
  async readByIds(ids: string[]) {
    return this.sorted().filter((customer) => ids.includes(customer.id))
  }
  private sorted() {
    return [...this.customers].sort((a, b) => (a.id < b.id ? -1 : 1))
  }
}

export interface FakeLedgerRow {
  customer_id: string
  state: "pending" | "synced" | "failed" | "skipped"
  contact_id: string | null
  email: string | null
  last_sent: BackfillLedgerView["last_sent"]
  consent: BackfillLedgerView["consent"]
  customer_updated_at: Date | null
  address_id: string | null
  last_error: string | null
  last_error_code: string | null
  attempts: number
  batch_id: string | null
  pending: BackfillPendingSync | null
}

export class FakeLedger implements BackfillLedgerStore {
  rows = new Map<string, FakeLedgerRow>()

  row(customerId: string): FakeLedgerRow {
    let row = this.rows.get(customerId)
    if (!row) {
      row = {
        customer_id: customerId,
        state: "pending",
        contact_id: null,
        email: null,
        last_sent: null,
        consent: null,
        customer_updated_at: null,
        address_id: null,
        last_error: null,
        last_error_code: null,
        attempts: 0,
        batch_id: null,
        pending: null,
      }
      this.rows.set(customerId, row)
    }
    return row
  }

  async readViews(customerIds: string[]) {
    return new Map(
      customerIds
        .filter((id) => this.rows.has(id))
        .map((id) => {
          const { contact_id, email, last_sent, consent, customer_updated_at, address_id } = this.rows.get(id)!
          return [id, { contact_id, email, last_sent, consent, customer_updated_at, address_id }]
        })
    )
  }
  async recordSkipped(rows: Array<{ customer_id: string; reason: string; customer_updated_at: string }>) {
    for (const { customer_id, reason, customer_updated_at } of rows) {
      Object.assign(this.row(customer_id), {
        state: "skipped",
        last_error: reason,
        customer_updated_at: new Date(customer_updated_at),
        batch_id: null,
        pending: null,
      })
    }
  }
  unchangedWrites = 0

  async recordUnchanged(rows: Array<{ customer_id: string; customer_updated_at: string; address_id: string | null }>) {
    this.unchangedWrites += rows.length
    for (const { customer_id, customer_updated_at, address_id } of rows) {
      Object.assign(this.row(customer_id), { state: "synced", customer_updated_at: new Date(customer_updated_at), address_id })
    }
  }
  async recordSent(batchId: string, rows: Array<{ customer_id: string; pending_json: string }>) {
    for (const { customer_id, pending_json } of rows) {
      Object.assign(this.row(customer_id), { batch_id: batchId, pending: JSON.parse(pending_json) })
    }
  }
  async readBatchMembers(batchId: string): Promise<BatchLedgerMember[]> {
    return [...this.rows.values()]
      .filter((row) => row.batch_id === batchId && row.pending)
      .map((row) => ({
        customer_id: row.customer_id,
        email: row.pending!.email,
        action: row.pending!.action,
        email_status: row.pending!.snapshot.email.status,
        sms_status: row.pending!.snapshot.phone?.status ?? null,
      }))
  }
  async recordSucceeded(batchId: string, rows: Array<{ customer_id: string; contact_id: string | null }>) {
    for (const { customer_id, contact_id } of rows) {
      const row = this.rows.get(customer_id)!
      if (row.batch_id !== batchId) continue
      const pending = row.pending!
      Object.assign(row, {
        state: "synced",
        contact_id: contact_id ?? (pending.action === "create" ? null : row.contact_id),
        email: pending.email,
        last_sent: pending.snapshot,
        consent: pending.consent,
        customer_updated_at: new Date(pending.customer_updated_at),
        address_id: pending.address_id,
        attempts: 0,
        batch_id: null,
        pending: null,
      })
    }
  }
  async recordFailed(batchId: string, rows: Array<{ customer_id: string; error: string; code: string; data_rejected: boolean }>) {
    for (const { customer_id, error, code, data_rejected } of rows) {
      const row = this.rows.get(customer_id)!
      if (row.batch_id !== batchId) continue
      Object.assign(row, {
        state: "failed",
        attempts: row.attempts + 1,
        last_error: error,
        last_error_code: code,
        customer_updated_at: data_rejected ? new Date(row.pending!.customer_updated_at) : row.customer_updated_at,
        batch_id: null,
        pending: null,
      })
    }
  }
}

export class FakeRuns implements BackfillRunStore {
  saved: BackfillRunState[] = []
  finished: { state: BackfillRunState; status: "completed" | "failed" } | null = null
  discarded: string | null = null

  get last(): BackfillRunState {
    return this.saved[this.saved.length - 1]
  }
  async save(state: BackfillRunState) {
    this.saved.push(structuredClone(state))
  }
  async finish(state: BackfillRunState, status: "completed" | "failed") {
    this.finished = { state: structuredClone(state), status }
  }
  async discard(runId: string) {
    this.discarded = runId
  }
}

/** Decides each item's answer: a status code, or null to leave it unprocessed. */
export type ItemOutcome = (customerId: string, email: string) => number | null

interface FakeBatch {
  batchID: string
  items: CreateContactRequest[]
  outcomes: Array<number | null>
}

/**
 * Omnisend's batch endpoints as v3 answers them: every batch is done at the first poll with what
 * `outcome` says; a batch with an unprocessed item has stopped; items come back as `errors` then
 * `responses` (not in request order), and unprocessed ones in neither.
 */
export class FakeBatchApi implements BackfillBatchApi {
  readonly adapter = new OmnisendV3Adapter()
  batches: FakeBatch[] = []
  outcome: ItemOutcome = () => 200
  /** Calls made, by method name. */
  calls: Record<"createBatch" | "getBatch" | "getBatchItems" | "listContactBatches", number> = {
    createBatch: 0,
    getBatch: 0,
    getBatchItems: 0,
    listContactBatches: 0,
  }

  async createBatch(body: CreateBatchRequest) {
    this.calls.createBatch++
    const batchID = `batch${String(this.batches.length + 1).padStart(3, "0")}`
    // Decided once, as Omnisend processes each item once.
    const outcomes = body.items.map((item) =>
      this.outcome(String(item.customProperties?.medusa_customer_id), item.identifiers[0].id)
    )
    this.batches.push({ batchID, items: body.items, outcomes })
    return { batchID, totalCount: body.items.length }
  }
  async getBatch(batchId: string) {
    this.calls.getBatch++
    return this.summary(this.find(batchId))
  }
  async listContactBatches() {
    this.calls.listContactBatches++
    return [...this.batches].reverse().map((batch) => this.summary(batch))
  }
  async getBatchItems(batchId: string): Promise<BatchItem[]> {
    this.calls.getBatchItems++
    const results = this.results(this.find(batchId)).filter((result) => result.responseCode !== null)
    const errors = results.filter((result) => result.responseCode !== 200)
    const responses = results.filter((result) => result.responseCode === 200).reverse()
    return [...errors, ...responses]
  }
  private summary(batch: FakeBatch) {
    const results = this.results(batch)
    const processed = results.filter((result) => result.responseCode !== null)
    return {
      batchID: batch.batchID,
      status: processed.length < results.length ? ("stopped" as const) : ("finished" as const),
      totalCount: results.length,
      finishedCount: processed.length,
      errorsCount: processed.filter((result) => result.responseCode !== 200).length,
    }
  }
  private results(batch: FakeBatch) {
    return batch.items.map((request, index) => {
      const email = request.identifiers[0].id
      const customerId = String(request.customProperties?.medusa_customer_id)
      const status = batch.outcomes[index]
      return {
        itemID: String(index + 1),
        request,
        responseCode: status,
        response: status === 200 ? { contactID: `contact-${customerId}`, email } : { error: `failed with ${status}` },
        status: "finished",
      }
    })
  }
  /** Customer ids carried by every batch, in order. */
  sentCustomerIds(): string[] {
    return this.batches.flatMap((batch) => batch.items.map((item) => String(item.customProperties?.medusa_customer_id)))
  }
  private find(batchId: string) {
    const batch = this.batches.find((candidate) => candidate.batchID === batchId)
    if (!batch) throw new Error(`no batch ${batchId}`)
    return batch
  }
}

export function newRunState(overrides: Partial<BackfillRunState> = {}): BackfillRunState {
  return {
    id: "ombf_test",
    mode: "full",
    dry_run: false,
    cursor: null,
    total: 0,
    processed: 0,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    batches: 0,
    pending_batches: [],
    report: emptyBackfillReport(),
    last_error: null,
    ...overrides,
  }
}
