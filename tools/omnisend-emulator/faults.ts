import type { EmulatorResponse } from "./http-types"
import type { CannedResponse, FaultOptions } from "./types"

// ASSUMPTION: the status an item fails with under batchItemFailureRate unless told otherwise (REFERENCE:
// 408, 429, 503 and 403 are the item failures worth sending again).
const DEFAULT_BATCH_ITEM_FAILURE_STATUS = 503

/**
 * The failures a client must survive: canned answers queued by tests, a share of 503s, slow
 * responses, a key blocked for a while, and failing batch items. Randomness is injected so fault
 * rates can be made deterministic.
 */
export class FaultInjector {
  private readonly queue: CannedResponse[] = []
  private blockedUntil = Number.NEGATIVE_INFINITY

  constructor(
    public options: FaultOptions,
    private readonly random: () => number
  ) {}

  enqueue(responses: CannedResponse[]): void {
    this.queue.push(...responses)
  }

  /** The next canned response, if a test queued one. */
  takeCanned(): EmulatorResponse | undefined {
    const canned = this.queue.shift()
    if (!canned) return undefined
    const body = canned.body ?? { error: `Injected failure (${canned.status})` }
    return { status: canned.status, body, headers: canned.headers }
  }

  isRevoked(apiKey: string): boolean {
    return this.options.revokedApiKeys?.includes(apiKey) ?? false
  }

  shouldAnswerUnavailable(): boolean {
    const rate = this.options.unavailableRate ?? 0
    return rate > 0 && this.random() < rate
  }

  /** REFERENCE: 403 can mean "blocked for a while after many errors". */
  blockFor(ms: number): void {
    this.blockedUntil = Date.now() + ms
  }

  isBlocked(): boolean {
    return Date.now() < this.blockedUntil
  }

  get latencyMs(): number {
    return this.options.latencyMs ?? 0
  }

  /**
   * The status a batch item fails with instead of being applied, if any: items for a listed email
   * always fail; otherwise a share of them under batchItemFailureRate.
   */
  batchItemFailure(request: unknown): number | undefined {
    const targeted = this.options.failBatchItemsFor
    if (targeted) {
      const email = emailOf(request)
      if (email !== undefined && targeted.emails.includes(email)) return targeted.status
    }
    const rate = this.options.batchItemFailureRate ?? 0
    if (rate > 0 && this.random() < rate) return this.options.batchItemFailureStatus ?? DEFAULT_BATCH_ITEM_FAILURE_STATUS
    return undefined
  }

  /** Forgets queued answers and any block; the options stay. */
  clear(): void {
    this.queue.length = 0
    this.blockedUntil = Number.NEGATIVE_INFINITY
  }
}

/** The id of the item's email identifier, read leniently: the item may be invalid. */
function emailOf(request: unknown): string | undefined {
  const identifiers = (request as { identifiers?: unknown } | null)?.identifiers
  if (!Array.isArray(identifiers)) return undefined
  const email = identifiers.find(
    (identifier: unknown) => (identifier as { type?: unknown } | null)?.type === "email"
  ) as { id?: unknown } | undefined
  return typeof email?.id === "string" ? email.id : undefined
}
