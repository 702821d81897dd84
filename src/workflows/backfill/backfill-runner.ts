import { setTimeout as sleepFor } from "node:timers/promises"
import { describeInternalError } from "../../lib/describe-internal-error"
import { BatchPacker, syncedVersionAt, type Batch, type ContactMappingConfig } from "../../mapping"
import {
  computeRetryDelayMs,
  isRetryableOmnisendError,
  OmnisendAuthError,
  OmnisendError,
  OmnisendNotFoundError,
  type BatchItem,
  type BatchResponse,
  type CreateContactRequest,
} from "../../modules/omnisend/client"
import { batchPollDelayMs } from "./batch-poll-delay"
import { BatchStatusWatcher } from "./batch-status-watcher"
import { countReason } from "./backfill-report"
import type {
  BackfillBatchApi,
  BackfillCustomerSource,
  BackfillLedgerStore,
  BackfillLedgerView,
  BackfillRunStore,
  BatchLedgerMember,
  FailedLedgerRow,
  SkippedLedgerRow,
  UnchangedLedgerRow,
} from "./backfill-ports"
import type { BackfillPendingSync, BackfillRunState, PendingBatchEntry } from "./backfill-types"
import { classifyBatchItems, type BatchItemResults } from "./classify-batch-items"
import { needsBackfill, type CustomerHead } from "./needs-backfill"
import { databaseRetryDelaysMs } from "./database-retry"
import { planBackfillItem, type BackfillCustomer } from "./plan-backfill-item"
import { withDatabaseRetries, type BackfillDatabasePorts } from "./retrying-backfill-ports"

export interface BackfillRunnerPorts {
  customers: BackfillCustomerSource
  ledger: BackfillLedgerStore
  runs: BackfillRunStore
  /** Null only for a dry run, which never calls Omnisend. */
  api: BackfillBatchApi | null
}

export interface BackfillRunnerOptions {
  mapping: ContactMappingConfig
  /** Customers read per page. */
  pageSize?: number
  /** Batches sent whose results are not applied yet; polling them overlaps with reading and packing. */
  maxInFlight?: number
  /** Sends per customer in one run when Omnisend answers 403/408/429/503 or stops the batch. */
  maxAttempts?: number
  /** Batch limits; the client's adapter's when not given. */
  maxBatchItems?: number
  maxBatchBytes?: number
  pollDelayMs?: (poll: number) => number
  now?: () => Date
  /** Waits before each retry of a database call that failed for a transient reason; a schedule of about 40 s by default. */
  databaseRetryDelaysMs?: number[]
  /** Told of each database retry, in words safe to log. */
  onDatabaseRetry?: (notice: string) => void
  /** Test only: stop as a killed process would, right after the Nth batch is sent and checkpointed. */
  stopAfterBatches?: number
}

export type BackfillRunOutcome =
  | { status: "completed"; discarded: boolean }
  | { status: "failed"; error: string }
  /** Omnisend refused the API key (`reason`, its words): the run is failed and waits for the key. */
  | { status: "waiting_for_key"; reason: string }
  /** Stopped without finishing (lock lost, or a simulated crash): the run stays running, to resume. */
  | { status: "interrupted"; reason: string }

interface PackedItem {
  customerId: string
  /** What the item carries, as JSON: it waits in the packer while the batch fills. */
  pendingJson: string
  customerUpdatedAt: string
  /** For a dry run's counts. */
  action: BackfillPendingSync["action"]
  subscribed: { email: boolean; sms: boolean }
  /** Sends of this customer in this run, this one included. */
  attempts: number
  /** Read from the keyset (not a resend): the cursor must not pass it before it is sent. */
  fromKeyset: boolean
  /** The cursor that is safe once this item is sent: the customer read just before it. */
  doneBefore: string | null
}

interface PlannedSend {
  item: PackedItem
  payload: CreateContactRequest
}

function plannedSend(
  customerId: string,
  payload: CreateContactRequest,
  pending: BackfillPendingSync,
  readAt: Date,
  placement: Pick<PackedItem, "attempts" | "fromKeyset" | "doneBefore">
): PlannedSend {
  return {
    payload,
    item: {
      customerId,
      pendingJson: JSON.stringify({ ...pending, read_at: readAt.toISOString() }),
      customerUpdatedAt: pending.customer_updated_at,
      action: pending.action,
      subscribed: {
        email: pending.snapshot.email.status === "subscribed",
        sms: pending.snapshot.phone?.status === "subscribed",
      },
      ...placement,
    },
  }
}

interface CustomerPage {
  /** Every customer of the page, in id order. */
  heads: CustomerHead[]
  /** The ones to plan (in changed mode, those changed since their last sync). */
  chosen: Map<string, BackfillCustomer>
  views: Map<string, BackfillLedgerView>
  /** Taken before the page was read. */
  readAt: Date
}

interface SentBatch extends PendingBatchEntry {
  batch_id: string
}

class BackfillHalted extends Error {}

const DEFAULT_PAGE_SIZE = 1000
// One list call follows them all, so more in flight means fewer polls: the watcher polls when the
// runner has no room left (or nothing left to send), and every poll spends budget POSTs need.
const DEFAULT_MAX_IN_FLIGHT = 16
const DEFAULT_MAX_ATTEMPTS = 3
// Calls the client already retried; these waits ride out a longer outage or a rate-limit window.
const PATIENCE_ATTEMPTS = 5
const PATIENCE_BASE_DELAY_MS = 2_000

export const WAITING_FOR_KEY =
  "Sync is paused and this backfill waits: it continues where it stopped once the key passes Test connection " +
  "or a new key is saved in Settings -> Omnisend."

/**
 * One backfill pass: reads customers page by page, maps them with the real-time mapping, packs the
 * contacts into batches, keeps a few batches in flight while it reads on, and writes every
 * customer's outcome into the ledger when Omnisend reports it. Checkpoints after every page and
 * batch: the cursor only passes customers that were sent or recorded, and batches sent but not
 * applied are listed, so a run resumed elsewhere neither loses nor repeats anyone.
 */
export class BackfillRunner {
  private state!: BackfillRunState
  private readonly packer: BatchPacker<PackedItem>
  private readonly abort = new AbortController()
  private failure: unknown = undefined
  private haltReason: string | undefined
  /** Where the next page starts: the last customer read. */
  private readCursor: string | null = null
  /** doneBefore of the first keyset item in the packer; undefined when it holds none. */
  private firstKeysetDoneBefore: string | null | undefined = undefined
  private readonly sent = new Map<string, SentBatch>()
  private readonly inFlight = new Map<string, Promise<void>>()
  /** Customers to send again, with their sends so far; `taken` ones are in the packer. */
  private readonly resend = new Map<string, number>()
  private readonly taken = new Set<string>()
  private batchesSentHere = 0
  /** Customers whose contact was deleted in Omnisend: a scheduled run finding only them found nothing to do. */
  private heldHere = 0
  /** The POST of the last batch handed over, until its customers are recorded as sent. */
  private posting: Promise<void> = Promise.resolve()
  /** The safe cursor while that POST is out; undefined when none is, or it carries no keyset item. */
  private postingDoneBefore: string | null | undefined = undefined
  /** The same for a full batch waiting for its turn to be POSTed. */
  private queuedDoneBefore: string | null | undefined = undefined
  private prefetched?: { cursor: string; page: Promise<CustomerPage> }
  private saving: Promise<void> = Promise.resolve()
  /** Once the run is over, a late heartbeat must not write over its final state. */
  private over = false

  private readonly pageSize: number
  private readonly maxInFlight: number
  private readonly maxAttempts: number
  private readonly now: () => Date
  private readonly watcher: BatchStatusWatcher | null
  /** The database ports, riding out a short loss of the database. */
  private readonly store: BackfillDatabasePorts

  constructor(
    private readonly ports: BackfillRunnerPorts,
    private readonly options: BackfillRunnerOptions
  ) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
    this.now = options.now ?? (() => new Date())
    this.store = withDatabaseRetries(ports, {
      delaysMs: options.databaseRetryDelaysMs ?? databaseRetryDelaysMs(),
      sleep: (ms) => this.sleep(ms),
      onRetry: options.onDatabaseRetry,
    })
    this.watcher = ports.api
      ? new BatchStatusWatcher(ports.api, {
          pollDelayMs: options.pollDelayMs ?? batchPollDelayMs,
          sleep: (ms) => this.sleep(ms),
          call: (request) => this.patiently(request),
        })
      : null
    this.packer = new BatchPacker({
      maxItems: options.maxBatchItems ?? ports.api?.adapter.maxBatchItems,
      maxBytes: options.maxBatchBytes ?? ports.api?.adapter.maxBatchBodyBytes,
    })
  }

  /** Stops the run as soon as possible and leaves it to be resumed (e.g. the lock was lost). */
  halt(reason: string): void {
    if (!this.abort.signal.aborted) {
      this.haltReason = reason
      this.abort.abort()
    }
  }

  /** Saves the run as it stands; also tells other processes it is alive. */
  checkpoint(): Promise<void> {
    if (this.over) {
      return this.saving
    }
    this.state.cursor = this.safeCursor()
    this.state.total = Math.max(this.state.total, this.state.processed)
    this.state.pending_batches = this.pendingBatches()
    const snapshot = structuredClone(this.state)
    this.saving = this.saving.then(() => this.store.runs.save(snapshot))
    return this.saving
  }

  async run(initial: BackfillRunState): Promise<BackfillRunOutcome> {
    this.state = structuredClone(initial)
    this.readCursor = initial.cursor
    for (const entry of initial.pending_batches) {
      if (entry.batch_id === null) {
        entry.customer_ids.forEach((id) => this.resend.set(id, entry.attempts?.[id] ?? 1))
      } else if (!this.state.dry_run) {
        this.follow({ ...entry, batch_id: entry.batch_id })
      }
    }
    try {
      if (initial.cursor === null && initial.processed === 0 && initial.batches === 0) {
        this.state.total = await this.store.customers.count()
        await this.checkpoint()
      }
      await this.work()
    } catch (error) {
      // Stops the batches being followed too: nothing is written after this point but the outcome.
      this.fail(error)
      await Promise.allSettled([...this.inFlight.values(), this.posting])
      this.over = true
      await this.saving.catch(() => undefined)
      if (error instanceof BackfillHalted) {
        return { status: "interrupted", reason: error.message }
      }
      const keyRefused = error instanceof OmnisendAuthError
      this.state.last_error = keyRefused ? `${error.message} ${WAITING_FOR_KEY}` : describeFailure(error, this.state.id)
      this.state.report.waiting_for_key = keyRefused
      this.state.pending_batches = this.pendingBatches()
      await this.store.runs.finish(this.state, "failed")
      return keyRefused ? { status: "waiting_for_key", reason: error.message } : { status: "failed", error: this.state.last_error }
    }
    this.over = true
    await this.saving
    this.state.cursor = this.readCursor
    this.state.pending_batches = []
    this.state.total = Math.max(this.state.total, this.state.processed)
    if (this.foundNothingToDo()) {
      await this.store.runs.discard(this.state.id)
      return { status: "completed", discarded: true }
    }
    await this.store.runs.finish(this.state, "completed")
    return { status: "completed", discarded: false }
  }

  private async work(): Promise<void> {
    let exhausted = false
    for (;;) {
      this.throwIfHalted()
      const resends = [...this.resend.keys()].filter((id) => !this.taken.has(id))
      if (resends.length > 0) {
        await this.packResends(resends.slice(0, this.pageSize))
        continue
      }
      if (!exhausted) {
        exhausted = await this.packNextPage()
        continue
      }
      const last = this.packer.flush()
      if (last) {
        const doneBefore = this.firstKeysetDoneBefore
        this.firstKeysetDoneBefore = undefined
        await this.send(last, doneBefore)
        continue
      }
      await this.posting
      this.throwIfHalted()
      if (this.inFlight.size === 0) {
        return
      }
      await this.waitForAnyBatch()
    }
  }

  /** A page of customers after `cursor`: all of them, the ones to plan, and their ledger rows. */
  private async readPage(cursor: string | null): Promise<CustomerPage> {
    const { customers, ledger } = this.store
    const readAt = this.now()
    if (this.state.mode === "full") {
      const page = await customers.readAfter(cursor, this.pageSize)
      const views = page.length > 0 ? await ledger.readViews(page.map((customer) => customer.id)) : new Map()
      return { heads: page, chosen: new Map(page.map((customer) => [customer.id, customer])), views, readAt }
    }
    const heads = await customers.readHeadsAfter(cursor, this.pageSize)
    const views = heads.length > 0 ? await ledger.readViews(heads.map((head) => head.id)) : new Map()
    const changed = heads.filter((head) => needsBackfill(head, views.get(head.id)?.customer_updated_at))
    const full = changed.length > 0 ? await customers.readByIds(changed.map((head) => head.id)) : []
    return { heads, chosen: new Map(full.map((customer) => [customer.id, customer])), views, readAt }
  }

  /** Reads, plans and packs the next page; true when no customer is left after it. */
  private async packNextPage(): Promise<boolean> {
    const page =
      this.prefetched?.cursor === this.readCursor ? await this.prefetched.page : await this.readPage(this.readCursor)
    this.prefetched = undefined
    const { heads, chosen, views, readAt } = page
    if (heads.length === 0) {
      return true
    }
    if (heads.length === this.pageSize) {
      // The next page is read while this one is planned and sent: reads then cost no wall time.
      const cursor = heads[heads.length - 1].id
      const next = this.readPage(cursor)
      next.catch(() => undefined)
      this.prefetched = { cursor, page: next }
    }

    const now = this.now()
    const sends: PlannedSend[] = []
    const skipped: SkippedLedgerRow[] = []
    const unchanged: UnchangedLedgerRow[] = []
    let previous = this.readCursor
    for (const head of heads) {
      const customer = chosen.get(head.id)
      if (!customer) {
        // Not changed since its last sync (or deleted since the page was read).
        this.state.report.unchanged++
        this.state.processed++
      } else {
        const plan = planBackfillItem(customer, views.get(head.id) ?? null, this.options.mapping, now)
        const customerUpdatedAt = syncedVersionAt(customer) ?? new Date(customer.updated_at).toISOString()
        if (plan.kind === "send") {
          sends.push(plannedSend(head.id, plan.payload, plan.pending, readAt, { attempts: 1, fromKeyset: true, doneBefore: previous }))
        } else if (plan.kind === "skip") {
          skipped.push({ customer_id: head.id, reason: plan.reason, customer_updated_at: customerUpdatedAt })
        } else if (plan.kind === "held") {
          this.countHeld(plan.reason)
        } else if (isStale(views.get(head.id), customerUpdatedAt, plan.address_id)) {
          unchanged.push({ customer_id: head.id, customer_updated_at: customerUpdatedAt, consent: plan.consent, address_id: plan.address_id })
        } else {
          // The ledger already says so: nothing to write.
          this.state.report.unchanged++
          this.state.processed++
        }
      }
      previous = head.id
    }

    await this.recordSettled(skipped, unchanged, now)
    for (const send of sends) {
      await this.pack(send)
    }
    this.readCursor = previous
    await this.checkpoint()
    return heads.length < this.pageSize
  }

  /** Plans again the customers to resend (they may have changed) and packs them. */
  private async packResends(ids: string[]): Promise<void> {
    ids.forEach((id) => this.taken.add(id))
    const readAt = this.now()
    const [customers, views] = await Promise.all([
      this.store.customers.readByIds(ids),
      this.store.ledger.readViews(ids),
    ])
    const byId = new Map(customers.map((customer) => [customer.id, customer]))
    const now = this.now()
    const sends: PlannedSend[] = []
    const skipped: SkippedLedgerRow[] = []
    const unchanged: UnchangedLedgerRow[] = []
    for (const id of ids) {
      const customer = byId.get(id)
      const attempts = this.resend.get(id) ?? 1
      if (!customer) {
        // Deleted meanwhile: nothing left to send.
        this.settleResend(id)
        this.state.processed++
        continue
      }
      const plan = planBackfillItem(customer, views.get(id) ?? null, this.options.mapping, now)
      const customerUpdatedAt = syncedVersionAt(customer) ?? new Date(customer.updated_at).toISOString()
      if (plan.kind === "send") {
        sends.push(plannedSend(id, plan.payload, plan.pending, readAt, { attempts: attempts + 1, fromKeyset: false, doneBefore: null }))
      } else {
        this.settleResend(id)
        if (plan.kind === "skip") {
          skipped.push({ customer_id: id, reason: plan.reason, customer_updated_at: customerUpdatedAt })
        } else if (plan.kind === "held") {
          this.countHeld(plan.reason)
        } else {
          unchanged.push({ customer_id: id, customer_updated_at: customerUpdatedAt, consent: plan.consent, address_id: plan.address_id })
        }
      }
    }
    await this.recordSettled(skipped, unchanged, now)
    for (const send of sends) {
      await this.pack(send)
    }
    await this.checkpoint()
  }

  /** Counted as skipped with its reason; its ledger entry keeps saying why, so it is not rewritten. */
  private countHeld(reason: string): void {
    this.heldHere++
    countReason(this.state.report.skipped, reason)
    this.state.skipped++
    this.state.processed++
  }

  private settleResend(id: string): void {
    this.resend.delete(id)
    this.taken.delete(id)
  }

  /** Writes the page's skipped and unchanged customers (a dry run only counts them). */
  private async recordSettled(skipped: SkippedLedgerRow[], unchanged: UnchangedLedgerRow[], now: Date): Promise<void> {
    if (!this.state.dry_run) {
      // Before anything of the page is sent: the cursor may then pass these customers.
      if (skipped.length > 0) {
        await this.store.ledger.recordSkipped(skipped, now)
      }
      if (unchanged.length > 0) {
        await this.store.ledger.recordUnchanged(unchanged, now)
      }
    }
    for (const row of skipped) {
      countReason(this.state.report.skipped, row.reason)
    }
    this.state.skipped += skipped.length
    this.state.report.unchanged += unchanged.length
    this.state.processed += skipped.length + unchanged.length
  }

  private async pack({ item, payload }: PlannedSend): Promise<void> {
    const added = this.packer.add(item, payload)
    if (added.rejected) {
      if (!item.fromKeyset) {
        this.settleResend(item.customerId)
      }
      const reason = `the contact is too large to send: ${added.rejected.reason}`
      await this.recordSettled(
        [{ customer_id: item.customerId, reason, customer_updated_at: item.customerUpdatedAt }],
        [],
        this.now()
      )
      return
    }
    if (this.state.dry_run) {
      this.countPlanned(item)
    }
    const flushedDoneBefore = this.firstKeysetDoneBefore
    if (added.flushed) {
      this.firstKeysetDoneBefore = undefined
    }
    if (item.fromKeyset && this.firstKeysetDoneBefore === undefined) {
      this.firstKeysetDoneBefore = item.doneBefore
    }
    if (added.flushed) {
      await this.send(added.flushed, flushedDoneBefore)
    }
  }

  /** A dry run counts at planning time what a real run counts when Omnisend confirms. */
  private countPlanned(item: PackedItem): void {
    const { report } = this.state
    report[item.action === "create" ? "created" : "updated"]++
    report.subscribed.email += item.subscribed.email ? 1 : 0
    report.subscribed.sms += item.subscribed.sms ? 1 : 0
    this.state.processed++
  }

  /**
   * Hands a full batch to Omnisend. The POST runs while the next batch is read and packed (one POST
   * at a time, in order); `doneBefore` is the cursor that is safe until its customers are recorded.
   */
  private async send(batch: Batch<PackedItem>, doneBefore: string | null | undefined): Promise<void> {
    const { api } = this.ports
    if (this.state.dry_run || !api) {
      this.state.batches++
      return
    }
    this.queuedDoneBefore = doneBefore
    while (this.inFlight.size >= this.maxInFlight) {
      await this.waitForAnyBatch()
    }
    await this.posting
    this.throwIfHalted()
    this.postingDoneBefore = doneBefore
    this.queuedDoneBefore = undefined
    this.posting = this.post(batch, api).catch((error: unknown) => this.fail(error))
  }

  private async post(batch: Batch<PackedItem>, api: BackfillBatchApi): Promise<void> {
    const accepted = await this.patiently(() =>
      api.createBatch({ method: "POST", endpoint: "contacts", items: batch.payloads })
    )
    this.throwIfHalted()
    await this.store.ledger.recordSent(
      accepted.batchID,
      batch.items.map((item) => ({ customer_id: item.customerId, pending_json: item.pendingJson })),
      this.now()
    )
    const entry: SentBatch = {
      batch_id: accepted.batchID,
      customer_ids: batch.items.map((item) => item.customerId),
      sent_at: this.now().toISOString(),
    }
    const retried = batch.items.filter((item) => item.attempts > 1)
    if (retried.length > 0) {
      entry.attempts = Object.fromEntries(retried.map((item) => [item.customerId, item.attempts]))
    }
    for (const item of batch.items) {
      if (!item.fromKeyset) {
        this.settleResend(item.customerId)
      }
    }
    this.sent.set(entry.batch_id, entry)
    this.state.batches++
    // Its customers are recorded as sent: the cursor may pass them now.
    this.postingDoneBefore = undefined
    await this.checkpoint()
    this.batchesSentHere++
    if (this.options.stopAfterBatches !== undefined && this.batchesSentHere >= this.options.stopAfterBatches) {
      this.halt(`stopped after ${this.batchesSentHere} batch(es), as asked`)
      return
    }
    this.follow(entry)
  }

  /** Polls a sent batch until Omnisend is done with it, then applies its results; in the background. */
  private follow(entry: SentBatch): void {
    this.sent.set(entry.batch_id, entry)
    const following = this.awaitResults(entry)
      .catch((error: unknown) => this.fail(error))
      .finally(() => this.inFlight.delete(entry.batch_id))
    this.inFlight.set(entry.batch_id, following)
  }

  private async awaitResults(entry: SentBatch): Promise<void> {
    const api = this.ports.api!
    // Omnisend keeps batches 7 days: an older one (a run resumed late) is null, and sent again.
    const summary = await this.watcher!.waitFor(entry.batch_id, new Date(entry.sent_at ?? this.now()))
    const members = await this.store.ledger.readBatchMembers(entry.batch_id)
    const items = summary && needsItems(summary) ? await this.readItems(entry.batch_id) : null
    this.throwIfHalted()
    const results =
      summary === null
        ? classifyBatchItems([], members, api.adapter, this.now())
        : items === null
          ? allSucceeded(members)
          : classifyBatchItems(items, members, api.adapter, this.now())
    await this.applyResults(entry, summary, members, results)
  }

  /** Empty when Omnisend no longer knows the batch (404): its members are then sent again. */
  private async readItems(batchId: string): Promise<BatchItem[]> {
    try {
      // Read last and classified at once: a thousand results are large, and are let go before any write.
      return await this.patiently(() => this.ports.api!.getBatchItems(batchId))
    } catch (error) {
      if (error instanceof OmnisendNotFoundError) {
        return []
      }
      throw error
    }
  }

  private async applyResults(
    entry: SentBatch,
    summary: BatchResponse | null,
    members: BatchLedgerMember[],
    results: BatchItemResults
  ): Promise<void> {
    const { ledger } = this.store
    const now = this.now()
    const attemptsOf = (id: string) => entry.attempts?.[id] ?? 1
    const failed: FailedLedgerRow[] = []
    const requeue: string[] = []
    for (const { customer_id, error } of results.failed) {
      if (error.retryable && attemptsOf(customer_id) < this.maxAttempts) {
        requeue.push(customer_id)
      } else {
        failed.push({ customer_id, error: error.message, code: error.code, data_rejected: !error.retryable })
      }
    }
    for (const customerId of results.unprocessed) {
      if (attemptsOf(customerId) < this.maxAttempts) {
        requeue.push(customerId)
      } else {
        failed.push({
          customer_id: customerId,
          error:
            `Omnisend did not process this contact in ${attemptsOf(customerId)} batches (the last one ` +
            `${summary ? "stopped for too many errors" : "expired"}). The next backfill sends it again.`,
          code: "OMNISEND_BATCH_NOT_PROCESSED",
          data_rejected: false,
        })
      }
    }
    this.throwIfHalted()
    if (results.succeeded.length > 0) {
      await ledger.recordSucceeded(entry.batch_id, results.succeeded, now)
    }
    if (failed.length > 0) {
      await ledger.recordFailed(entry.batch_id, failed, now)
    }

    const { state } = this
    const byCustomer = new Map(members.map((member) => [member.customer_id, member]))
    for (const { customer_id } of results.succeeded) {
      const member = byCustomer.get(customer_id)!
      state.report[member.action === "create" ? "created" : "updated"]++
      state.report.subscribed.email += member.email_status === "subscribed" ? 1 : 0
      state.report.subscribed.sms += member.sms_status === "subscribed" ? 1 : 0
    }
    for (const row of failed) {
      countReason(state.report.failed, row.error)
    }
    for (const customerId of requeue) {
      this.resend.set(customerId, attemptsOf(customerId))
    }
    state.succeeded += results.succeeded.length
    state.failed += failed.length
    state.processed += results.succeeded.length + failed.length
    state.report.resent += requeue.length
    if (summary?.status === "stopped") {
      state.report.stopped_batches++
      state.last_error =
        `Omnisend stopped batch ${entry.batch_id} after ${summary.errorsCount ?? "too many"} failed items; ` +
        `${results.unprocessed.length} contact(s) it did not process were queued again.`
    }
    this.sent.delete(entry.batch_id)
    await this.checkpoint()
  }

  private async waitForAnyBatch(): Promise<void> {
    this.watcher?.hurry()
    await Promise.race(this.inFlight.values())
    this.throwIfHalted()
  }

  /** Retries what the client gave up on when it is worth it (outage, rate limit), a few times. */
  private async patiently<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call()
      } catch (error) {
        if (!isRetryableOmnisendError(error) || attempt >= PATIENCE_ATTEMPTS) {
          throw error
        }
        await this.sleep(computeRetryDelayMs(attempt, error, { baseDelayMs: PATIENCE_BASE_DELAY_MS }))
        this.throwIfHalted()
      }
    }
  }

  private async sleep(ms: number): Promise<void> {
    try {
      await sleepFor(ms, undefined, { signal: this.abort.signal })
    } catch {
      this.throwIfHalted()
    }
  }

  private fail(error: unknown): void {
    if (!this.abort.signal.aborted) {
      this.failure = error
      this.abort.abort()
    }
  }

  private throwIfHalted(): void {
    if (this.failure !== undefined) {
      throw this.failure
    }
    if (this.haltReason !== undefined) {
      throw new BackfillHalted(this.haltReason)
    }
  }

  private safeCursor(): string | null {
    if (this.state.dry_run) {
      return this.readCursor
    }
    // Batches leave in read order: the one being POSTed holds the earliest customers, then the one
    // waiting for its turn, then the one being packed.
    const earliest = [this.postingDoneBefore, this.queuedDoneBefore, this.firstKeysetDoneBefore].find(
      (doneBefore) => doneBefore !== undefined
    )
    return earliest === undefined ? this.readCursor : earliest
  }

  private pendingBatches(): PendingBatchEntry[] {
    const entries: PendingBatchEntry[] = [...this.sent.values()].map((entry) => ({ ...entry }))
    if (this.resend.size > 0) {
      const waiting = [...this.resend.entries()]
      const entry: PendingBatchEntry = { batch_id: null, customer_ids: waiting.map(([id]) => id) }
      const retried = waiting.filter(([, attempts]) => attempts > 1)
      if (retried.length > 0) {
        entry.attempts = Object.fromEntries(retried)
      }
      entries.push(entry)
    }
    return entries
  }

  private foundNothingToDo(): boolean {
    const { state } = this
    return (
      state.mode === "changed" && !state.dry_run && state.batches === 0 && state.skipped === this.heldHere && state.failed === 0
    )
  }
}

/** Whether the ledger's record of an up-to-date customer is behind (another version, another address). */
function isStale(view: BackfillLedgerView | undefined, customerUpdatedAt: string, addressId: string | null): boolean {
  return view?.customer_updated_at?.toISOString() !== customerUpdatedAt || view.address_id !== addressId
}

/**
 * Items are read only when the summary cannot tell every item succeeded: some failed, the batch
 * stopped before the end, or the counts are missing. A clean batch costs no call for its items.
 */
function needsItems(batch: BatchResponse): boolean {
  return (
    batch.status === "stopped" ||
    batch.errorsCount !== 0 ||
    batch.totalCount === undefined ||
    batch.finishedCount === undefined ||
    batch.finishedCount < batch.totalCount
  )
}

/** Every member of a batch Omnisend finished without an error; it names no contact ids then. */
function allSucceeded(members: BatchLedgerMember[]): BatchItemResults {
  return {
    succeeded: members.map((member) => ({ customer_id: member.customer_id, contact_id: null, warnings: [] })),
    failed: [],
    unprocessed: [],
    unmatched: 0,
  }
}

/** What the run's record, the admin and the log say: never a database statement or its values. */
function describeFailure(error: unknown, runId: string): string {
  if (error instanceof OmnisendError) {
    return error.message
  }
  return (
    `The backfill stopped. ${describeInternalError(error, `working through backfill run ${runId}`)} ` +
    "Start it again in Settings -> Omnisend or let the next scheduled run continue: customers already sent are not sent again."
  )
}
