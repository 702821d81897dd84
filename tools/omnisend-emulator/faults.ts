import type { EmulatorResponse } from "./http-types"
import type { CannedResponse, FaultOptions } from "./types"

/**
 * The failures a client must survive: canned answers queued by tests, a share of 503s and slow
 * responses. Randomness is injected so fault rates can be made deterministic.
 */
export class FaultInjector {
  private readonly queue: CannedResponse[] = []

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

  shouldAnswerUnavailable(): boolean {
    const rate = this.options.unavailableRate ?? 0
    return rate > 0 && this.random() < rate
  }

  get latencyMs(): number {
    return this.options.latencyMs ?? 0
  }

  get batchItemFailureRate(): number {
    return this.options.batchItemFailureRate ?? 0
  }

  clearQueue(): void {
    this.queue.length = 0
  }
}
